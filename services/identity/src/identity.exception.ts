import { DomainError, type IdentityError } from '@vigil/contracts';

/** A request identity refuses, with the code the caller sees (mapped once by the transport). */
export class IdentityException extends DomainError<IdentityError> {}
