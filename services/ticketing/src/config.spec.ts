import { loadConfig } from '@vigil/platform-config';
import { ticketingConfigSchema } from './config';

describe('ticketing configuration', () => {
  it('TKT-5: reminds after 3 and 6 days and closes after 12 days unchanged in production', () => {
    const config = loadConfig(ticketingConfigSchema, {});
    const DAY = 24 * 60 * 60 * 1000;
    expect(config.TICKET_FIRST_REMINDER_AFTER_MS).toBe(3 * DAY);
    expect(config.TICKET_SECOND_REMINDER_AFTER_MS).toBe(6 * DAY);
    expect(config.TICKET_AUTO_CLOSE_AFTER_MS).toBe(12 * DAY);
  });

  it('MON-3: escalates to the team lead at 10 minutes with a 30-minute recovery target in production', () => {
    const config = loadConfig(ticketingConfigSchema, {});
    expect(config.OUTAGE_TEAM_LEAD_AFTER_MS).toBe(10 * 60_000);
    expect(config.OUTAGE_RECOVERY_TARGET_MS).toBe(30 * 60_000);
  });
});
