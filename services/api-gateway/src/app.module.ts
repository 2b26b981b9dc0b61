import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { StaffAuthGuard } from './auth/staff-auth.guard';
import { GATEWAY_CONFIG, loadGatewayConfig } from './config';
import { RpcClient } from './rpc-client';
import { gatewayService } from './service-definition';
import { TicketsController } from './tickets/tickets.controller';

@Global()
@Module({ providers: [{ provide: GATEWAY_CONFIG, useFactory: loadGatewayConfig }, RpcClient, StaffAuthGuard], exports: [GATEWAY_CONFIG, RpcClient, StaffAuthGuard] })
class GatewayCoreModule {}

@Module({ imports: [PlatformModule.forService(gatewayService), GatewayCoreModule], controllers: [TicketsController] })
export class AppModule {}
