import { DomainError, type CustomersError } from '@vigil/contracts';

/** A request the customers service refuses, with the code the caller sees (mapped once by the transport). */
export class CustomersException extends DomainError<CustomersError> {}
