import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { IdentityQueries, MonitoringQueries, RpcErrorCode, TicketingQueries, type Caller } from '@vigil/contracts';
import { SystemClock } from '@vigil/platform-clock';
import { connectNats, requestReply, RpcError } from '@vigil/platform-messaging';
import { DEMO, TestPlatform } from '../support/platform';

/**
 * ACC-6 / rule 7 without the gateway: services re-check the caller on every
 * query and command themselves, so a request that skips the gateway (or a
 * gateway bug) still cannot reach another customer's data or a staff-only
 * operation.
 */
describe('services re-check the caller, not only the gateway', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;
  const clock = new SystemClock();
  const staff: Caller = { kind: 'staff', id: randomUUID() };
  const acmeUser: Caller = { kind: 'customer', id: randomUUID(), customerId: DEMO.customerId };
  const otherCustomer = randomUUID();
  const foreignUser: Caller = { kind: 'customer', id: randomUUID(), customerId: otherCustomer };
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: unknown) => (error instanceof RpcError ? error.code : `not an RpcError: ${String(error)}`));

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['ticketing', 'monitoring-ingest', 'identity'], workflowWorker: false });
    await platform.query(`INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, 'Initech', 'ops@initech.example', 'Europe/Berlin', '24x7')`, [otherCustomer]);
    // As the gateway: the only process whose NATS permissions may send these requests (decision 0017).
    nc = await connectNats(platform.environment['NATS_URL']!, 'service-tenancy-test', platform.natsCredentials('api-gateway'));
  }, 120_000);

  afterAll(async () => {
    await nc?.drain();
    await platform?.stop();
  }, 60_000);

  it("a customer caller reaches its own customer's ticket and nothing of another customer's", async () => {
    const ticket = await requestReply(nc, TicketingQueries.createTicket, { caller: acmeUser, ticket: { severity: 'S3', title: 'Jira is slow', description: 'Boards take 30 s.' } }, { clock });
    expect(ticket.customerId).toBe(DEMO.customerId); // typed: TicketView, no cast

    expect((await requestReply(nc, TicketingQueries.getTicket, { caller: acmeUser, ticketId: ticket.id }, { clock })).id).toBe(ticket.id);
    expect(await codeOf(requestReply(nc, TicketingQueries.getTicket, { caller: foreignUser, ticketId: ticket.id }, { clock }))).toBe(RpcErrorCode.NotFound);
    expect(await codeOf(requestReply(nc, TicketingQueries.ticketComments, { caller: foreignUser, ticketId: ticket.id }, { clock }))).toBe(RpcErrorCode.NotFound);
    expect(await codeOf(requestReply(nc, TicketingQueries.escalateTicket, { caller: foreignUser, ticketId: ticket.id, escalation: { reason: 'not my ticket at all' } }, { clock }))).toBe(RpcErrorCode.NotFound);

    // A customer's list is its own customer's, whatever customer it asks for.
    const listed = await requestReply(nc, TicketingQueries.listTickets, { caller: foreignUser, customerId: DEMO.customerId }, { clock });
    expect(listed.items).toEqual([]);
    const own = await requestReply(nc, TicketingQueries.listTickets, { caller: acmeUser }, { clock });
    expect(own.items.every((t) => t.customerId === DEMO.customerId)).toBe(true);
  });

  it("MON-4: availability answers for the customer's own environment and NOT_FOUND for another customer's", async () => {
    const [environment] = await platform.query<{ id: string }>(`SELECT id FROM ticketing.environments WHERE key = $1`, [DEMO.environmentKey]);
    const month = '2026-10';
    const own = await requestReply(nc, TicketingQueries.availability, { caller: acmeUser, environmentId: environment!.id, month }, { clock });
    expect(own).toMatchObject({ environmentId: environment!.id, customerId: DEMO.customerId, month });
    expect(await codeOf(requestReply(nc, TicketingQueries.availability, { caller: foreignUser, environmentId: environment!.id, month }, { clock }))).toBe(RpcErrorCode.NotFound);
    expect(await codeOf(requestReply(nc, TicketingQueries.availability, { caller: staff, environmentId: environment!.id, month }, { clock }))).toBe('OK');
  });

  it('staff-only operations refuse customer and system callers with FORBIDDEN', async () => {
    expect(await codeOf(requestReply(nc, TicketingQueries.workQueue, { caller: acmeUser }, { clock }))).toBe(RpcErrorCode.Forbidden);
    expect(await codeOf(requestReply(nc, TicketingQueries.listOutages, { caller: acmeUser }, { clock }))).toBe(RpcErrorCode.Forbidden);
    expect(await codeOf(requestReply(nc, MonitoringQueries.listAlerts, { caller: acmeUser }, { clock }))).toBe(RpcErrorCode.Forbidden);
    expect(await codeOf(requestReply(nc, IdentityQueries.listIntegrationKeys, { caller: { kind: 'system', id: 'someone' } }, { clock }))).toBe(RpcErrorCode.Forbidden);
    expect(await codeOf(requestReply(nc, TicketingQueries.workQueue, { caller: staff }, { clock }))).toBe('OK');
  });

  it('a request without a caller is refused before any handler runs', async () => {
    expect(await codeOf(requestReply(nc, TicketingQueries.listTickets, {} as never, { clock }))).toBe(RpcErrorCode.InvalidRequest);
  });
});
