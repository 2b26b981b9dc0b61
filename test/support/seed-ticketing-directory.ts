import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';
import { runCommand, runDevSeedCommand } from '@vigil/platform-runtime';
import { CustomerDirectoryRepository } from '../../services/ticketing/src/customers/customer-directory.repository';
import { ticketingService } from '../../services/ticketing/src/service-definition';

/**
 * Ticketing's read model of the demo customer, as the customers service's
 * events leave it (revision 0, so the service's own record replaces it), for
 * tests that run ticketing without the customers service. `npm start` seeds
 * through the customers service (services/customers/src/seed-dev.ts).
 */
const demo = Type.Object({
  VIGIL_DEMO_CUSTOMER_ID: Type.String({ format: 'uuid', default: '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11' }),
  VIGIL_DEMO_CUSTOMER_EMAIL: Type.String({ default: 'it-ops@acme.example' }),
  VIGIL_DEMO_ENVIRONMENT_ID: Type.String({ format: 'uuid', default: '3c9e1f70-2a4b-4d8c-9e6f-7a1b2c3d4e5f' }),
  VIGIL_DEMO_ENVIRONMENT_KEY: Type.String({ default: 'acme-prod-jira' }),
});

runCommand('ticketing directory fixture', () =>
  runDevSeedCommand(ticketingService, async (dataSource) => {
    const config = loadConfig(demo);
    const directory = new CustomerDirectoryRepository();
    await dataSource.transaction(async (manager) => {
      await directory.upsertCustomer(manager, {
        id: config.VIGIL_DEMO_CUSTOMER_ID,
        name: 'ACME GmbH',
        contactEmail: config.VIGIL_DEMO_CUSTOMER_EMAIL,
        timeZone: 'Europe/Berlin',
        coverage: 'BUSINESS_HOURS',
      });
      await directory.upsertEnvironment(manager, {
        id: config.VIGIL_DEMO_ENVIRONMENT_ID,
        customerId: config.VIGIL_DEMO_CUSTOMER_ID,
        key: config.VIGIL_DEMO_ENVIRONMENT_KEY,
        name: 'ACME PROD Jira',
        product: 'JIRA',
      });
    });
  }),
);
