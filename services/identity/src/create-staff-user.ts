/**
 * Creates a staff account from the command line: how the first admin comes to
 * be (after that, admins invite staff through POST /v1/staff, decision 0022).
 *
 *   npm run create-staff-user -- --email ada@example.com --name "Ada Admin" --roles HEAD_OF_MANAGED_SERVICES,SECURITY_OFFICER
 *
 * Prints a one-time password (already expired: the first sign-in must change
 * it, ACC-3) and the TOTP enrolment URI for an authenticator app (ACC-4).
 * Neither is stored in clear or shown again.
 */
import { clockFromEnvironment } from '@vigil/platform-clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Type, type Static } from '@sinclair/typebox';
import { STAFF_ROLES, violations } from '@vigil/contracts';
import { loadConfig } from '@vigil/platform-config';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter } from '@vigil/platform-messaging';
import { runCommand, withServiceDataSource } from '@vigil/platform-runtime';
import { identityService } from './service-definition';
import { PasswordHistoryRepository } from './passwords/password-history.repository';
import { argon2ConfigSchema, argon2ParametersOf, hashPassword } from './staff/password-hashing';
import { SecretBox } from '@vigil/platform-auth';
import { generateTotpSecret, otpauthUri } from './totp/totp';

const Arguments = Type.Object({
  email: Type.String({ format: 'email' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  roles: Type.Array(Type.Union(STAFF_ROLES.map((r) => Type.Literal(r))), { minItems: 1 }),
});

runCommand('create-staff-user', async () => {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' } } });
  const given = { email: values.email, name: values.name, roles: (values.roles ?? '').split(',').filter(Boolean) };
  const problems = violations(Arguments, given);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\nroles: ${STAFF_ROLES.join(', ')}`);
  const args = given as Static<typeof Arguments>;

  const config = loadConfig(Type.Object({ IDENTITY_SECRET_BOX_KEY: Type.String({ minLength: 40 }), ...argon2ConfigSchema }));
  const { IDENTITY_SECRET_BOX_KEY } = config;
  const id = randomUUID();
  const oneTimePassword = `${randomBytes(15).toString('base64url')}-Aa1`;
  const totpSecret = generateTotpSecret();
  const passwordHash = await hashPassword(oneTimePassword, argon2ParametersOf(config));

  await withServiceDataSource(identityService, (dataSource) =>
    dataSource.transaction(async (manager) => {
      const taken: unknown[] = await manager.query(`SELECT 1 FROM identity.staff_users WHERE lower(email) = lower($1)`, [args.email]);
      if (taken.length > 0) throw new Error(`a staff account for ${args.email} exists already`);
      await manager.query(
        `INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles, totp_secret_sealed, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp(0))`, // expired from the start: first sign-in changes it
        [id, args.email, args.name, passwordHash, args.roles, new SecretBox(IDENTITY_SECRET_BOX_KEY).seal(totpSecret)],
      );
      await new PasswordHistoryRepository().add(manager, id, passwordHash);
      const clock = clockFromEnvironment();
      await new AuditLog(identityService.name, identityService.schema, new OutboxWriter(identityService.schema, clock), clock).append(manager, {
        actor: 'system:cli',
        action: 'staff.created',
        target: `staff:${id}`,
        after: { email: args.email, roles: args.roles },
      });
    }),
  );
  console.log(
    [
      `Staff account created: ${args.email} (${args.roles.join(', ')}), id ${id}`,
      `One-time password (change it at first sign-in): ${oneTimePassword}`,
      `TOTP: add this to an authenticator app (shown once): ${otpauthUri('Vigil', args.email, totpSecret)}`,
    ].join('\n'),
  );
});
