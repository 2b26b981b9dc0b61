import { natsParticipant } from '@vigil/contracts';
import type { ServiceDefinition } from '../service-definition';
import type { Wiring } from './discovered-wiring';

/**
 * Stops a service at start whose declared wiring its NATS permissions would
 * not allow (they are generated from libs/contracts/src/nats-access.ts): a
 * handler, consumer or retired consumer added in code but not there fails
 * here, with its name, instead of as a permissions violation at run time.
 */
export function assertWithinNatsAccess(service: ServiceDefinition, wiring: Pick<Wiring, 'handlers' | 'consumers'>): void {
  const access = natsParticipant(service.name);
  const problems: string[] = [];
  const served = new Set(access.serves.map((c) => c.subject));
  for (const handler of wiring.handlers) {
    if (!served.has(handler.contract.subject)) problems.push(`${handler.origin} serves ${handler.contract.subject}`);
  }
  const consumed = new Set(access.consumes.map((c) => `${c.stream.name}/${c.durable}`));
  for (const consumer of wiring.consumers) {
    if (!consumed.has(`${consumer.stream}/${consumer.name}`)) problems.push(`consumer ${consumer.name} on ${consumer.stream}`);
  }
  const retired = new Set(access.retires.map((c) => `${c.stream.name}/${c.durable}`));
  for (const consumer of service.retiredConsumers ?? []) {
    if (!retired.has(`${consumer.stream}/${consumer.durable}`)) problems.push(`retired consumer ${consumer.durable} on ${consumer.stream}`);
  }
  if (Boolean(service.audited) !== access.audited) problems.push(`audited is ${Boolean(service.audited)} in the service definition`);
  if (problems.length > 0) {
    throw new Error(`${service.name}: not in its NATS access declaration (libs/contracts/src/nats-access.ts): ${problems.join('; ')}`);
  }
}
