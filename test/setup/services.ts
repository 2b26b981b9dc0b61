/** Every Vigil process, its entry points as production runs them, and the Postgres role it runs as (decision 0017). */
export const SERVICES = {
  'monitoring-ingest': { main: 'services/monitoring-ingest/src/main.ts', migrate: 'services/monitoring-ingest/src/migrate.ts', portVar: 'MONITORING_INGEST_PORT', role: 'vigil_monitoring' },
  ticketing: { main: 'services/ticketing/src/main.ts', migrate: 'services/ticketing/src/migrate.ts', portVar: 'TICKETING_PORT', role: 'vigil_ticketing' },
  notifications: { main: 'services/notifications/src/main.ts', migrate: 'services/notifications/src/migrate.ts', portVar: 'NOTIFICATIONS_PORT', role: 'vigil_notifications' },
  identity: { main: 'services/identity/src/main.ts', migrate: 'services/identity/src/migrate.ts', portVar: 'IDENTITY_PORT', role: 'vigil_identity' },
  customers: { main: 'services/customers/src/main.ts', migrate: 'services/customers/src/migrate.ts', portVar: 'CUSTOMERS_PORT', role: 'vigil_customers' },
  'api-gateway': { main: 'services/api-gateway/src/main.ts', migrate: 'services/api-gateway/src/migrate.ts', portVar: 'API_GATEWAY_PORT', role: 'vigil_gateway' },
} as const;
export type ServiceName = keyof typeof SERVICES;

export const WORKFLOW_WORKER = { main: 'workflows/worker/src/main.ts', readyLine: 'polling' } as const;

/** Temporal namespaces the test server creates: one per jest worker, so parallel test files never share task queues. */
export const TEST_NAMESPACE_COUNT = 8;
export const testNamespace = (workerId = process.env['JEST_WORKER_ID'] ?? '1') => `vigil-test-${workerId}`;
