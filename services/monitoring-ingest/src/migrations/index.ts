import { outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { CreateMonitoringSchema1763850000000 } from './1763850000000-create-monitoring-schema';
import { IntegrationScopes1763910100000 } from './1763910100000-integration-scopes';
import { MonitoringAuditLog1763930000000 } from './1763930000000-monitoring-audit-log';
import { AlertIntake1763960000000 } from './1763960000000-alert-intake';
import { IntegrationSigningSecrets1763970000000 } from './1763970000000-integration-signing-secrets';
import { CustomerScopedRouting1764200300000 } from './1764200300000-customer-scoped-routing';
import { AuditIntake1764500000000 } from './1764500000000-audit-intake';

export const monitoringMigrations = [
  CreateMonitoringSchema1763850000000,
  IntegrationScopes1763910100000,
  MonitoringAuditLog1763930000000,
  AlertIntake1763960000000,
  IntegrationSigningSecrets1763970000000,
  outboxAbandonmentMigration('monitoring'),
  CustomerScopedRouting1764200300000,
  AuditIntake1764500000000,
];
