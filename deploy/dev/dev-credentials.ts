/**
 * Creates or completes .vigil/dev.env for `npm start`: the demo credentials and
 * the local keys, generated on this machine and never committed. Existing
 * values are kept, missing ones are added.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { generateSigningKeyPair } from '../../libs/platform/auth/src/access-token';
import { natsPasswordVariable } from '../../libs/platform/messaging/src/nats-authorization';
import { DEV_NATS_USERS } from '../access/service-access';

const file = process.argv[2] ?? '.vigil/dev.env';
const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
const present = new Set(existing.split('\n').map((line) => line.split('=')[0]));

const generators: Record<string, () => string> = {
  VIGIL_DEMO_MONITORING_KEY: () => `vgl_${randomBytes(32).toString('base64url')}`,
  VIGIL_DEMO_STAFF_PASSWORD: () => `${randomBytes(12).toString('base64url')}-Aa1`,
  VIGIL_DEMO_STAFF_TOTP_SECRET: () => randomBytes(20).toString('hex'),
  VIGIL_DEMO_CUSTOMER_USER_PASSWORD: () => `${randomBytes(12).toString('base64url')}-Aa1`,
  IDENTITY_SIGNING_KEY: () => Buffer.from(generateSigningKeyPair().privateKeyPem).toString('base64'),
  IDENTITY_SECRET_BOX_KEY: () => randomBytes(32).toString('base64'),
  REPLY_TOKEN_SECRET: () => randomBytes(32).toString('base64'),
  MONITORING_SECRET_BOX_KEY: () => randomBytes(32).toString('base64'),
  // Each service's own NATS user, the operator's and the benchmark's (decision 0017).
  ...Object.fromEntries(DEV_NATS_USERS.map(({ user }) => [natsPasswordVariable(user), () => randomBytes(24).toString('base64url')])),
};
const added = Object.entries(generators)
  .filter(([name]) => !present.has(name))
  .map(([name, generate]) => `${name}=${generate()}`);
if (added.length > 0) writeFileSync(file, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${added.join('\n')}\n`);
chmodSync(file, 0o600);
