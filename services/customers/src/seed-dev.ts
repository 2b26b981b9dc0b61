import { Type } from '@sinclair/typebox';
import { CustomerChanged, EnvironmentChanged } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { clockFromEnvironment } from '@vigil/platform-clock';
import { loadConfig } from '@vigil/platform-config';
import { OutboxWriter } from '@vigil/platform-messaging';
import { runCommand, runDevSeedCommand } from '@vigil/platform-runtime';
import { CustomerRepository } from './customers/customer.repository';
import { demoCustomer, demoEnvironment } from './demo-customer';
import { EnvironmentRepository } from './environments/environment.repository';
import { customersService } from './service-definition';

/** The documented demo customer and environment (README, "Demo data"); the customers service announces them to every read model. */
const demo = Type.Object({
  VIGIL_DEMO_CUSTOMER_ID: Type.String({ format: 'uuid', default: '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11' }),
  VIGIL_DEMO_CUSTOMER_EMAIL: Type.String({ default: 'it-ops@acme.example' }),
  VIGIL_DEMO_ENVIRONMENT_ID: Type.String({ format: 'uuid', default: '3c9e1f70-2a4b-4d8c-9e6f-7a1b2c3d4e5f' }),
  VIGIL_DEMO_ENVIRONMENT_KEY: Type.String({ default: 'acme-prod-jira' }),
});

runCommand('customers seed-dev', () =>
  runDevSeedCommand(customersService, async (dataSource) => {
    const config = loadConfig(demo);
    const clock = clockFromEnvironment();
    const outbox = new OutboxWriter('customers', clock);
    const audit = new AuditLog('customers', 'customers', outbox, clock);
    const customers = new CustomerRepository();
    const environments = new EnvironmentRepository();
    await dataSource.transaction(async (manager) => {
      const now = clock.now();
      // Idempotent: a second start finds the demo customer and changes nothing.
      if (await customers.insert(manager, config.VIGIL_DEMO_CUSTOMER_ID, demoCustomer(config.VIGIL_DEMO_CUSTOMER_EMAIL), now)) {
        await outbox.append(manager, CustomerChanged, (await customers.findById(manager, config.VIGIL_DEMO_CUSTOMER_ID))!);
        await audit.append(manager, { actor: 'system:seed-dev', action: 'customer.registered', target: `customer:${config.VIGIL_DEMO_CUSTOMER_ID}` });
      }
      const environment = demoEnvironment(config.VIGIL_DEMO_ENVIRONMENT_KEY);
      if ((await environments.insert(manager, config.VIGIL_DEMO_CUSTOMER_ID, config.VIGIL_DEMO_ENVIRONMENT_ID, environment, now)) === 'stored') {
        await outbox.append(manager, EnvironmentChanged, (await environments.findById(manager, config.VIGIL_DEMO_CUSTOMER_ID, config.VIGIL_DEMO_ENVIRONMENT_ID))!);
        await audit.append(manager, { actor: 'system:seed-dev', action: 'environment.added', target: `environment:${config.VIGIL_DEMO_ENVIRONMENT_ID}` });
      }
    });
  }),
);
