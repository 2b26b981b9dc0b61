import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

const DAY_MS = 86_400_000;

export const ticketingConfigSchema = Type.Object({
  TICKETING_PORT: Type.Integer({ default: 3020 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** MON-3: escalate to the team lead when nobody has taken the outage after this long. */
  OUTAGE_TEAM_LEAD_AFTER_MS: Type.Integer({ minimum: 1, default: 10 * 60_000 }),
  /** MON-2/MON-3: the recovery target, counted from the alert's start. */
  OUTAGE_RECOVERY_TARGET_MS: Type.Integer({ minimum: 1, default: 30 * 60_000 }),
  /** TKT-5: reminder comments after 3 and 6 days unchanged in WAITING_FOR_CUSTOMER, closed after 12. */
  TICKET_FIRST_REMINDER_AFTER_MS: Type.Integer({ minimum: 1, default: 3 * DAY_MS }),
  TICKET_SECOND_REMINDER_AFTER_MS: Type.Integer({ minimum: 1, default: 6 * DAY_MS }),
  TICKET_AUTO_CLOSE_AFTER_MS: Type.Integer({ minimum: 1, default: 12 * DAY_MS }),
  /**
   * Decision 0037: a new ticket's timers start stays in the outbox until this long before its first
   * timer is due, then goes to Temporal held back for the rest; a ticket changed before then never had one.
   * It must outlast the longest the relay or Temporal may be down, or that deadline fires late.
   */
  TICKET_TIMERS_HAND_OVER_LEAD_MS: Type.Integer({ minimum: 60_000, default: 15 * 60_000 }),
});
export type TicketingConfig = ReturnType<typeof loadTicketingConfig>;
export const loadTicketingConfig = () => loadConfig(ticketingConfigSchema);
export const TICKETING_CONFIG = Symbol('TICKETING_CONFIG');
