import { defineEvent } from './envelope';
import { CustomerView, EnvironmentView } from './customers.model';
import { CUSTOMERS_STREAM } from './streams';

/**
 * A customer was registered or changed: the whole record at its new
 * revision, so a read model upserts it and ignores anything older (events of
 * one customer may be redelivered or arrive after a newer one).
 */
export const CustomerChanged = defineEvent(CUSTOMERS_STREAM, 'customers.customer.changed', 1, CustomerView);

/** An environment was added, changed or retired: the whole record at its new revision. */
export const EnvironmentChanged = defineEvent(CUSTOMERS_STREAM, 'customers.environment.changed', 1, EnvironmentView);
