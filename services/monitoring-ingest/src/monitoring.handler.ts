import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { GetRoutingRulesRequest, ListAlertsRequest, MonitoringQueries, SetRoutingRulesRequest, SigningSecretRequest } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { ListAlertsUseCase } from './alerts/use-cases/list-alerts/list-alerts.use-case';
import { SigningSecretsUseCase } from './integrations/signing-secrets.use-case';
import { RoutingRulesUseCase } from './routing/routing-rules.use-case';

/** Staff reads and integration settings over NATS request/reply, in the `monitoring-ingest` queue group. */
@Injectable()
export class MonitoringHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly listAlerts: ListAlertsUseCase,
    private readonly routingRules: RoutingRulesUseCase,
    private readonly signingSecrets: SigningSecretsUseCase,
  ) {}

  onModuleInit(): void {
    const q = MonitoringQueries;
    this.subscriptions = [
      serveRequests(this.nc, q.listAlerts, 'monitoring-ingest', ListAlertsRequest, (r) => this.listAlerts.execute(r)),
      serveRequests(this.nc, q.getRoutingRules, 'monitoring-ingest', GetRoutingRulesRequest, (r) => this.routingRules.get(r)),
      serveRequests(this.nc, q.setRoutingRules, 'monitoring-ingest', SetRoutingRulesRequest, (r) => this.routingRules.set(r)),
      serveRequests(this.nc, q.issueSigningSecret, 'monitoring-ingest', SigningSecretRequest, (r) => this.signingSecrets.issue(r)),
      serveRequests(this.nc, q.removeSigningSecret, 'monitoring-ingest', SigningSecretRequest, (r) => this.signingSecrets.remove(r)),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
