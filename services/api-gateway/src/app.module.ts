import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule } from '@vigil/platform-runtime';
import { AccessGuard } from './auth/access.guard';
import { AccessLogModule } from './access-log/access-log.module';
import { AuditController } from './audit/audit.controller';
import { IntegrationsController } from './integrations/integrations.controller';
import { AccessReviewsController } from './access-reviews/access-reviews.controller';
import { AuthController } from './auth/auth.controller';
import { IdentityKeys } from './auth/identity-keys';
import { RevokedSessions } from './auth/revoked-sessions';
import { GATEWAY_CONFIG, loadGatewayConfig } from './config';
import { RouteIndex } from './route-index';
import { RouteIndexController } from './route-index.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { RpcClient } from './rpc-client';
import { gatewayService } from './service-definition';
import { TicketsController } from './tickets/tickets.controller';
import { MonitoringController } from './monitoring/monitoring.controller';
import { StaffAccountsController } from './staff/staff-accounts.controller';
import { CustomersController } from './customers/customers.controller';
import { CustomerUsersController } from './customers/customer-users.controller';

@Global()
@Module({
  providers: [{ provide: GATEWAY_CONFIG, useFactory: loadGatewayConfig }, RpcClient, IdentityKeys, RevokedSessions, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [GATEWAY_CONFIG, RpcClient, IdentityKeys, RevokedSessions],
})
class GatewayCoreModule {}

@Module({
  imports: [PlatformModule.forService(gatewayService), GatewayCoreModule, AccessLogModule],
  controllers: [AuthController, TicketsController, MonitoringController, AuditController, AccessReviewsController, IntegrationsController, StaffAccountsController, CustomersController, CustomerUsersController, RouteIndexController, OpenApiController],
})
export class AppModule {
  /** The app with the route index the HTTP server fills (see bootstrap). */
  static withRouteIndex(index: RouteIndex): DynamicModule {
    return { module: AppModule, providers: [{ provide: RouteIndex, useValue: index }] };
  }
}
