import { IdentityQueries, natsParticipant, SessionRevoked, TicketingQueries } from '@vigil/contracts';
import { natsAuthorizationConfig, natsPasswordVariable, permissionsOf, serviceUsers } from './nats-authorization';

/** Decision 0017: the permissions each service gets, derived from its declaration in the contracts. */
describe('NATS permissions derived from the contracts', () => {
  it('lets a service answer its own requests only in its queue group, and read only its own inbox', () => {
    const identity = permissionsOf(natsParticipant('identity'));
    expect(identity.subscribe).toContain(`${IdentityQueries.publicKeys.subject} identity`);
    expect(identity.subscribe).toContain('_INBOX_identity.>');
    expect(identity.subscribe.filter((s) => !s.startsWith('rpc.identity.') && !s.startsWith('_INBOX_identity.'))).toEqual([]);
    expect(identity.allowResponses).toBe(true);
    expect(identity.publish).not.toContain(TicketingQueries.listTickets.subject);
  });

  it('lets the gateway send the requests it forwards and serve, publish or answer nothing', () => {
    const gateway = permissionsOf(natsParticipant('api-gateway'));
    expect(gateway.publish).toEqual(expect.arrayContaining([IdentityQueries.publicKeys.subject, TicketingQueries.listTickets.subject, 'rpc.identity.audit.verify']));
    expect(gateway.subscribe).toEqual(['_INBOX_api-gateway.>']);
    expect(gateway.allowResponses).toBe(false);
    expect(gateway.publish.filter((s) => !s.startsWith('rpc.') && !s.startsWith('$JS.API.'))).toEqual([]);
    expect(gateway.publish).toContain(`$JS.API.CONSUMER.CREATE.IDENTITY.*.${SessionRevoked.subject}`);
    expect(gateway.publish.some((s) => /STREAM\.(UPDATE|DELETE|PURGE)|CONSUMER\.DELETE|\$JS\.ACK|^audit\./.test(s))).toBe(false);
  });

  it('lets an audited service publish its own witness, not another service\'s', () => {
    const ticketing = permissionsOf(natsParticipant('ticketing'));
    expect(ticketing.publish).toContain('audit.ticketing.appended.v1');
    expect(ticketing.publish.filter((s) => s.startsWith('audit.'))).toEqual(['audit.ticketing.appended.v1']);
    expect(ticketing.publish).toContain('$JS.API.STREAM.UPDATE.TICKETING');
    expect(ticketing.publish).not.toContain('$JS.API.STREAM.UPDATE.MONITORING');
  });

  it('writes environment references, not passwords, where one file serves every deployment', () => {
    const config = natsAuthorizationConfig(serviceUsers(), (user) => ({ env: natsPasswordVariable(user) }));
    expect(config).toContain('password: $MONITORING_INGEST_NATS_PASSWORD');
    expect(config).not.toMatch(/password: "/);
    expect(() => natsAuthorizationConfig(serviceUsers(), () => ({ literal: 'a"b' }))).toThrow(/cannot hold/);
  });
});
