import { DomainError, type MonitoringError } from '@vigil/contracts';

/** A request monitoring-ingest refuses, with the code the caller sees (mapped once by the transport). */
export class MonitoringException extends DomainError<MonitoringError> {}
