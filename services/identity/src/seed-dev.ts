import { clockFromEnvironment } from '@vigil/platform-clock';
import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';
import { runCommand, runDevSeedCommand } from '@vigil/platform-runtime';
import { identityService } from './service-definition';
import { argon2ConfigSchema, argon2ParametersOf, hashPassword } from './staff/password-hashing';
import { StaffUserRepository } from './staff/staff-user.repository';
import { SecretBox } from '@vigil/platform-auth';
import { CustomerUserRepository } from './customers/customer-user.repository';
import { PasswordHistoryRepository } from './passwords/password-history.repository';

/** The documented demo staff user; password and TOTP secret come from the generated dev credentials file. */
const demo = Type.Object({
  VIGIL_DEMO_STAFF_ID: Type.String({ format: 'uuid', default: '9a4e2c1b-7d3f-4b8a-a6e5-1c2d3e4f5a6b' }),
  VIGIL_DEMO_STAFF_EMAIL: Type.String({ default: 'lead@vigil.local' }),
  VIGIL_DEMO_STAFF_PASSWORD: Type.String({ minLength: 12 }),
  /** The TOTP secret, hex; `npm run totp` prints the current code. */
  VIGIL_DEMO_STAFF_TOTP_SECRET: Type.String({ pattern: '^[0-9a-f]{40}$' }),
  IDENTITY_SECRET_BOX_KEY: Type.String({ minLength: 40 }),
  /** The demo customer's portal user (ACME GmbH, see ticketing's seed). */
  VIGIL_DEMO_CUSTOMER_ID: Type.String({ format: 'uuid', default: '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11' }),
  VIGIL_DEMO_CUSTOMER_USER_ID: Type.String({ format: 'uuid', default: '5d2c8e1a-9b4f-4a7e-8c3d-2e1f0a9b8c7d' }),
  VIGIL_DEMO_CUSTOMER_USER_EMAIL: Type.String({ default: 'portal@acme.example' }),
  VIGIL_DEMO_CUSTOMER_USER_PASSWORD: Type.String({ minLength: 12 }),
  ...argon2ConfigSchema,
});

runCommand('identity seed-dev', () =>
  runDevSeedCommand(identityService, async (dataSource) => {
    const config = loadConfig(demo);
    const manager = dataSource.manager;
    const argon2 = argon2ParametersOf(config);
    const staffPasswordHash = await hashPassword(config.VIGIL_DEMO_STAFF_PASSWORD, argon2);
    await new StaffUserRepository().upsert(manager, {
      id: config.VIGIL_DEMO_STAFF_ID,
      email: config.VIGIL_DEMO_STAFF_EMAIL,
      displayName: 'Demo Support Team Lead',
      passwordHash: staffPasswordHash,
      roles: ['SUPPORT_TEAM_LEAD'],
      totpSecretSealed: new SecretBox(config.IDENTITY_SECRET_BOX_KEY).seal(Buffer.from(config.VIGIL_DEMO_STAFF_TOTP_SECRET, 'hex')),
    }, clockFromEnvironment().now());
    await new CustomerUserRepository().upsert(manager, {
      id: config.VIGIL_DEMO_CUSTOMER_USER_ID,
      customerId: config.VIGIL_DEMO_CUSTOMER_ID,
      email: config.VIGIL_DEMO_CUSTOMER_USER_EMAIL,
      displayName: 'ACME IT operations',
      passwordHash: await hashPassword(config.VIGIL_DEMO_CUSTOMER_USER_PASSWORD, argon2),
    });
    await new PasswordHistoryRepository().add(manager, config.VIGIL_DEMO_STAFF_ID, staffPasswordHash);
  }),
);
