import { AUDIT_STREAM, auditAppended, NATS_PARTICIPANTS, type NatsParticipant, type StreamContract } from '@vigil/contracts';

/** The JetStream API prefix (single account, no domain). */
const API = '$JS.API';

export interface NatsPermissions {
  publish: string[];
  /** `subject` or `subject queue` (the subscription must use that queue group). */
  subscribe: string[];
  /** May answer the requests it receives (one reply each, on the requester's inbox). */
  allowResponses: boolean;
}

/** Where a participant's replies arrive: private, so no one else can read its answers. */
export const inboxPrefixOf = (user: string): string => `_INBOX_${user}`;

/**
 * A participant's permissions, derived from its declaration in the contracts
 * (decision 0017): the requests it sends, its queue-group subscriptions for
 * the requests it serves, the events of the streams it owns, and the JetStream
 * API subjects of its own streams and consumers only.
 */
export function permissionsOf(p: NatsParticipant): NatsPermissions {
  const publish = new Set<string>([`${API}.INFO`]);
  const managed: StreamContract[] = [...p.owns, ...(p.audited ? [AUDIT_STREAM] : [])];
  const used = new Map<string, StreamContract>();
  for (const stream of [...managed, ...p.consumes.map((c) => c.stream), ...p.follows.map((e) => streamNamed(p, e.stream))]) used.set(stream.name, stream);

  for (const contract of p.calls) publish.add(contract.subject);
  for (const stream of p.owns) stream.subjects.forEach((subject) => publish.add(subject));
  if (p.audited) publish.add(auditAppended(p.name).subject);
  // Any user of a stream may create it when missing (services start in any order) with the
  // contract's config; only the owners may change it. Nobody may delete or purge one.
  for (const name of used.keys()) {
    publish.add(`${API}.STREAM.INFO.${name}`);
    publish.add(`${API}.STREAM.CREATE.${name}`);
  }
  for (const stream of managed) publish.add(`${API}.STREAM.UPDATE.${stream.name}`);
  if (p.audited) publish.add(`${API}.STREAM.MSG.GET.${AUDIT_STREAM.name}`);
  for (const { stream, durable } of p.consumes) {
    const at = `${stream.name}.${durable}`;
    for (const verb of ['DURABLE.CREATE', 'CREATE', 'INFO', 'MSG.NEXT']) publish.add(`${API}.CONSUMER.${verb}.${at}`);
    publish.add(`${API}.CONSUMER.CREATE.${at}.>`);
    publish.add(`$JS.ACK.${at}.>`);
  }
  for (const { stream, durable } of p.retires) publish.add(`${API}.CONSUMER.DELETE.${stream.name}.${durable}`);
  for (const event of p.follows) {
    // An ordered consumer has a generated name: creation is limited to its one filter subject;
    // pulling (MSG.NEXT) cannot be limited by name (decision 0017, what is left).
    publish.add(`${API}.CONSUMER.CREATE.${event.stream}.*.${event.subject}`);
    publish.add(`${API}.CONSUMER.MSG.NEXT.${event.stream}.*`);
    publish.add(`${API}.CONSUMER.INFO.${event.stream}.*`);
  }

  const subscribe = [...p.serves.map((contract) => `${contract.subject} ${p.name}`), `${inboxPrefixOf(p.name)}.>`];
  return { publish: [...publish], subscribe, allowResponses: p.serves.length > 0 };
}

function streamNamed(p: NatsParticipant, name: string): StreamContract {
  const stream = [...p.owns, ...p.consumes.map((c) => c.stream), AUDIT_STREAM].find((s) => s.name === name);
  // A followed stream is declared by its events only; its subjects do not matter for permissions.
  return stream ?? { name, subjects: [] };
}

/** A user that is not a service: a tool with its own limited permissions, or the operator. */
export interface NatsToolUser {
  user: string;
  permissions: NatsPermissions;
}

/** Full access, for an operator and for tests that inspect or break the broker on purpose (never a service). */
export const NATS_ADMIN: NatsToolUser = { user: 'vigil-admin', permissions: { publish: ['>'], subscribe: ['>'], allowResponses: false } };

/** The ingest benchmark's JetStream ceiling: its own stream and subjects only. */
export const NATS_BENCH: NatsToolUser = {
  user: 'vigil-bench',
  permissions: {
    publish: ['bench.>', `${API}.INFO`, `${API}.STREAM.CREATE.BENCH`, `${API}.STREAM.INFO.BENCH`, `${API}.STREAM.DELETE.BENCH`],
    subscribe: [`${inboxPrefixOf('vigil-bench')}.>`],
    allowResponses: false,
  },
};

/** Each service's permissions, keyed by its NATS user. */
export function serviceUsers(): NatsToolUser[] {
  return NATS_PARTICIPANTS.map((p) => ({ user: p.name, permissions: permissionsOf(p) }));
}

/**
 * How a user's password appears in the configuration: the literal (tests, `npm
 * start`), or a reference to an environment variable of the nats-server
 * process (compose), so no secret is written into the file.
 */
export type PasswordOf = (user: string) => { literal: string } | { env: string };

/** The environment variable holding a NATS user's password where one file serves all (compose). */
export const natsPasswordVariable = (user: string): string => `${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_NATS_PASSWORD`;

/**
 * The nats-server `authorization` block for the given users. There is no
 * anonymous user: a connection without valid credentials is refused.
 */
export function natsAuthorizationConfig(users: NatsToolUser[], passwordOf: PasswordOf): string {
  const quote = (s: string) => JSON.stringify(s);
  const list = (items: string[]) => `[${items.map(quote).join(', ')}]`;
  const entries = users.map(({ user, permissions }) => {
    const password = passwordOf(user);
    if ('literal' in password && !/^[A-Za-z0-9_\-.~+/=]+$/.test(password.literal)) throw new Error(`the NATS password of ${user} has characters the configuration cannot hold`);
    const lines = [
      `    {`,
      `      user: ${quote(user)}`,
      `      password: ${'literal' in password ? quote(password.literal) : `$${password.env}`}`,
      `      permissions: {`,
      `        publish: { allow: ${list(permissions.publish)} }`,
      `        subscribe: { allow: ${list(permissions.subscribe)} }`,
      ...(permissions.allowResponses ? [`        allow_responses: true`] : []),
      `      }`,
      `    }`,
    ];
    return lines.join('\n');
  });
  return `authorization {\n  users: [\n${entries.join('\n')}\n  ]\n}\n`;
}
