import { IdentityQueries, MONITORING_STREAM, TicketingQueries, TICKETING_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '../service-definition';
import { assertWithinNatsAccess } from './nats-access-check';
import type { DiscoveredHandler, Wiring } from './discovered-wiring';

const ticketing = { name: 'ticketing', schema: 'ticketing', audited: true, retiredConsumers: [{ stream: TICKETING_STREAM.name, durable: 'ticketing-ticket-timers' }] } as ServiceDefinition;
const handler = (contract: DiscoveredHandler['contract']): DiscoveredHandler => ({ contract, handle: async () => null, origin: 'Some.method' });
const wiring = (over: Partial<Wiring> = {}): Pick<Wiring, 'handlers' | 'consumers'> => ({ handlers: [], consumers: [], ...over });

/** Decision 0017: the NATS permissions come from the declaration, so code that outgrows it must not start. */
describe('assertWithinNatsAccess', () => {
  it('accepts what the declaration covers', () => {
    expect(() =>
      assertWithinNatsAccess(ticketing, wiring({ handlers: [handler(TicketingQueries.getTicket)], consumers: [{ name: 'ticketing-alerts', stream: MONITORING_STREAM.name, registrations: [] }] })),
    ).not.toThrow();
  });

  it("refuses a handler of another service's subject, naming it", () => {
    expect(() => assertWithinNatsAccess(ticketing, wiring({ handlers: [handler(IdentityQueries.publicKeys)] }))).toThrow(/Some\.method serves rpc\.identity\.keys\.public/);
  });

  it('refuses an undeclared consumer, retired consumer or audit log', () => {
    expect(() => assertWithinNatsAccess(ticketing, wiring({ consumers: [{ name: 'ticketing-new', stream: MONITORING_STREAM.name, registrations: [] }] }))).toThrow(/consumer ticketing-new on MONITORING/);
    expect(() => assertWithinNatsAccess({ ...ticketing, retiredConsumers: [{ stream: 'MONITORING', durable: 'x' }] }, wiring())).toThrow(/retired consumer x/);
    expect(() => assertWithinNatsAccess({ ...ticketing, audited: false }, wiring())).toThrow(/audited is false/);
  });

  it('refuses a service that has no declaration at all', () => {
    expect(() => assertWithinNatsAccess({ ...ticketing, name: 'billing' }, wiring())).toThrow(/billing is not a NATS participant/);
  });
});
