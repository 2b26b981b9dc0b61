import { randomUUID } from 'node:crypto';
import { AlertFired, MONITORING_STREAM, TicketCreated, TICKETING_STREAM, assertValid, ContractViolation, violations } from './index';

const alert = {
  alertId: randomUUID(),
  integrationId: randomUUID(),
  source: 'alertmanager',
  fingerprint: '8f5b3c1d2e4a6b70',
  environmentKey: 'acme-prod-jira',
  alertName: 'JiraDown',
  summary: 'Jira does not answer',
  startsAt: '2026-11-22T09:14:05.123Z',
  endsAt: null,
  labels: { alertname: 'JiraDown' },
};

describe('event contracts', () => {
  it('name subjects after type and version, inside their stream', () => {
    expect(AlertFired.subject).toBe('monitoring.alert.fired.v1');
    expect(AlertFired.stream).toBe(MONITORING_STREAM.name);
    expect(TicketCreated.subject).toBe('ticketing.ticket.created.v1');
    expect(TicketCreated.stream).toBe(TICKETING_STREAM.name);
  });

  it('accept a valid payload', () => {
    expect(violations(AlertFired.schema, alert)).toEqual([]);
  });

  it('name every violation with its path (validated at both ends)', () => {
    const bad = { ...alert, startsAt: 'yesterday', alertId: 'x' } as Record<string, unknown>;
    delete bad['fingerprint'];
    const found = violations(AlertFired.schema, bad);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^\/startsAt /), expect.stringMatching(/^\/alertId /), expect.stringContaining("'fingerprint'")]));
    expect(() => assertValid(AlertFired.schema, bad)).toThrow(ContractViolation);
  });

  it('refuse fields the contract does not know', () => {
    const ticket = {
      ticketId: randomUUID(),
      ticketNumber: 1,
      customerId: randomUUID(),
      customerName: 'ACME GmbH',
      type: 'OUTAGE',
      severity: 'S1',
      title: 'Outage',
      reporterEmail: 'it-ops@acme.example',
      createdAt: '2026-11-30T23:59:59.000Z',
    };
    expect(violations(TicketCreated.schema, ticket)).toEqual([]);
    expect(violations(TicketCreated.schema, { ...ticket, internalNote: 'x' })).not.toEqual([]);
  });
});
