import { CreateGatewaySchema1763850400000 } from './1763850400000-create-gateway-schema';

export const gatewayMigrations = [CreateGatewaySchema1763850400000];
