import { CreateMonitoringSchema1763850000000 } from './1763850000000-create-monitoring-schema';

export const monitoringMigrations = [CreateMonitoringSchema1763850000000];
