import { Injectable } from '@nestjs/common';
import {
  MonitoringQueries as Q,
  type AlertPage,
  type GetRoutingRulesRequest,
  type IssuedSigningSecret,
  type ListAlertsRequest,
  type RoutingRulesView,
  type SetRoutingRulesRequest,
  type SigningSecretRemoved,
  type SigningSecretRequest,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { ListAlertsUseCase } from './alerts/use-cases/list-alerts/list-alerts.use-case';
import { SigningSecretsUseCase } from './integrations/signing-secrets.use-case';
import { RoutingRulesUseCase } from './routing/routing-rules.use-case';

/** Staff reads and integration settings over NATS request/reply (the contracts admit staff callers only). */
@Injectable()
export class MonitoringHandler {
  constructor(
    private readonly listAlerts: ListAlertsUseCase,
    private readonly routingRules: RoutingRulesUseCase,
    private readonly signingSecrets: SigningSecretsUseCase,
  ) {}

  @HandlesQuery(Q.listAlerts)
  alerts(request: ListAlertsRequest): Promise<AlertPage> {
    return this.listAlerts.execute(request);
  }

  @HandlesQuery(Q.getRoutingRules)
  rules(request: GetRoutingRulesRequest): Promise<RoutingRulesView> {
    return this.routingRules.get(request);
  }

  @HandlesCommand(Q.setRoutingRules)
  setRules(request: SetRoutingRulesRequest): Promise<RoutingRulesView> {
    return this.routingRules.set(request);
  }

  @HandlesCommand(Q.issueSigningSecret)
  issueSecret(request: SigningSecretRequest): Promise<IssuedSigningSecret> {
    return this.signingSecrets.issue(request);
  }

  @HandlesCommand(Q.removeSigningSecret)
  removeSecret(request: SigningSecretRequest): Promise<SigningSecretRemoved> {
    return this.signingSecrets.remove(request);
  }
}
