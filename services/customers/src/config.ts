import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const customersConfigSchema = Type.Object({
  CUSTOMERS_PORT: Type.Integer({ default: 3050 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** How long a change waits for ticketing to re-derive response clocks before answering without the count. */
  CUSTOMERS_TICKETING_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
});
export type CustomersConfig = ReturnType<typeof loadCustomersConfig>;
export const loadCustomersConfig = () => loadConfig(customersConfigSchema);
export const CUSTOMERS_CONFIG = Symbol('CUSTOMERS_CONFIG');
