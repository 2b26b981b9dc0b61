import { DomainError, type TicketingError } from '@vigil/contracts';

/** A request ticketing refuses, with the code the caller sees (mapped once by the transport). */
export class TicketingException extends DomainError<TicketingError> {}
