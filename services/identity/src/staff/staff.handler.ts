import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AuthenticateStaffRequest, IdentityQueries } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { AuthenticateStaffUseCase } from './use-cases/authenticate-staff/authenticate-staff.use-case';

@Injectable()
export class StaffHandler implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, private readonly authenticate: AuthenticateStaffUseCase) {}

  onModuleInit(): void {
    this.subscription = serveRequests(this.nc, IdentityQueries.authenticateStaff, 'identity', AuthenticateStaffRequest, (r) => this.authenticate.execute(r));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
