import { outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { CreateGatewaySchema1763850400000 } from './1763850400000-create-gateway-schema';
import { AccessLog1763880000000 } from './1763880000000-access-log';

export const gatewayMigrations = [CreateGatewaySchema1763850400000, AccessLog1763880000000, outboxAbandonmentMigration('gateway')];
