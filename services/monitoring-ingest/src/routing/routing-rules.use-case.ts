import { actorOf, MonitoringError, type GetRoutingRulesRequest, type RoutingRulesView, type SetRoutingRulesRequest } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@vigil/platform-audit';
import { UnitOfWork } from '@vigil/platform-runtime';
import { MonitoringException } from '../monitoring.exception';
import { IntegrationRepository } from '../integrations/integration.repository';
import { compileRoutingRules, InvalidRoutingRule } from './routing-rules';

/** Reads and replaces an integration's routing rules (MON-2); a change is audited (ACC-1). */
@Injectable()
export class RoutingRulesUseCase {
  constructor(private readonly integrations: IntegrationRepository, private readonly unitOfWork: UnitOfWork, private readonly audit: AuditLog) {}

  get({ integrationId }: GetRoutingRulesRequest): Promise<RoutingRulesView> {
    return this.read(integrationId);
  }

  private async read(integrationId: string): Promise<RoutingRulesView> {
    const found = await this.integrations.findRoutingRules(integrationId);
    if (!found) throw new MonitoringException(MonitoringError.NotFound, `integration ${integrationId} not found`);
    return { integrationId, ...found };
  }

  async set({ integrationId, caller, rules }: SetRoutingRulesRequest): Promise<RoutingRulesView> {
    try {
      compileRoutingRules(rules);
    } catch (error) {
      if (error instanceof InvalidRoutingRule) throw new MonitoringException(MonitoringError.Unprocessable, error.message);
      throw error;
    }
    await this.unitOfWork.run(async (manager) => {
      const changed = await this.integrations.setRoutingRules(manager, integrationId, rules);
      if (!changed) throw new MonitoringException(MonitoringError.NotFound, `integration ${integrationId} not found`);
      await this.audit.append(manager, {
        actor: actorOf(caller),
        action: 'integration.routing-rules-changed',
        target: `integration:${integrationId}`,
        before: { rules: changed.before },
        after: { rules },
      });
    });
    return this.read(integrationId);
  }
}
