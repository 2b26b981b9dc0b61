import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const ticketingConfigSchema = Type.Object({
  TICKETING_PORT: Type.Integer({ default: 3020 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** MON-3: escalate to the team lead when nobody has taken the outage after this long. */
  OUTAGE_TEAM_LEAD_AFTER_MS: Type.Integer({ minimum: 1, default: 10 * 60_000 }),
  /** MON-2/MON-3: the recovery target, counted from the alert's start. */
  OUTAGE_RECOVERY_TARGET_MS: Type.Integer({ minimum: 1, default: 30 * 60_000 }),
});
export type TicketingConfig = ReturnType<typeof loadTicketingConfig>;
export const loadTicketingConfig = () => loadConfig(ticketingConfigSchema);
export const TICKETING_CONFIG = Symbol('TICKETING_CONFIG');
