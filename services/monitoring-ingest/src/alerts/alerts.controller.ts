import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';
import { AlertmanagerWebhook, GenericAlerts, PagerDutyEvent, violations } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { IntegrationAuthGuard, type IntegrationRequest } from '../integrations/integration-auth.guard';
import { fromAlertmanager } from './formats/alertmanager.format';
import { fromGeneric, genericViolations } from './formats/generic.format';
import { IntakeGate, type SenderKind } from './intake-gate';
import { AcceptPagerDutyEventUseCase } from './use-cases/accept-pagerduty-event/accept-pagerduty-event.use-case';
import { AlertBatcher } from './alert-batcher';
import { acceptedRepeats, type AcceptResult } from './use-cases/record-alerts/record-alerts.use-case';
import { StoredAlertKeys } from './stored-alert-keys';
import type { ReceivedAlert } from './received-alert';

/** What a PagerDuty Events v2 sender expects back. */
export interface PagerDutyAccepted {
  status: 'success';
  message: 'Event processed';
  dedup_key: string;
}

/** A payload that can never be stored: 400 with every violation named; nothing is stored. */
function validPayload<T>(schema: TSchema, body: unknown, what: string, extraChecks: (valid: T) => string[] = () => []): T {
  const problems = violations(schema, body);
  if (problems.length === 0) problems.push(...extraChecks(body as T));
  if (problems.length > 0) {
    throw new ProblemException(400, 'https://vigil.dev/problems/invalid-alert-payload', `invalid ${what}`, problems.slice(0, 20).join('; '), {
      errors: problems.slice(0, 20),
    });
  }
  return body as T;
}

/** Alert intake in three formats (MON-1); every answer 2xx comes after the commit. */
@Controller()
@UseGuards(IntegrationAuthGuard)
export class AlertsController {
  constructor(
    private readonly gate: IntakeGate,
    private readonly batcher: AlertBatcher,
    private readonly storedKeys: StoredAlertKeys,
    private readonly pagerDuty: AcceptPagerDutyEventUseCase,
  ) {}

  /** A request of alerts all stored before is answered at once, even when the intake is busy: it would store nothing. */
  private accept(sender: SenderKind, request: IntegrationRequest, alerts: ReceivedAlert[]): Promise<AcceptResult> {
    if (this.storedKeys.allStored(request.integration.id, alerts)) return Promise.resolve(acceptedRepeats(alerts));
    return this.gate.admit(sender, () => this.batcher.submit({ integration: request.integration, alerts, requestId: request.id }));
  }

  /** Alertmanager `webhook_configs` URL; authenticate with `http_config.authorization`. */
  @Post('v1/alerts/alertmanager')
  @HttpCode(200)
  alertmanager(@Req() request: IntegrationRequest, @Body() body: unknown): Promise<AcceptResult> {
    const webhook = validPayload<AlertmanagerWebhook>(AlertmanagerWebhook, body, 'Alertmanager webhook payload');
    return this.accept('alertmanager', request, fromAlertmanager(webhook));
  }

  /** PagerDuty Events API v2, at PagerDuty's own path so a sender only changes the host; `routing_key` is the integration key. */
  @Post(['v2/enqueue', 'v1/alerts/pagerduty'])
  @HttpCode(202)
  async pagerDutyEvent(@Req() request: IntegrationRequest, @Body() body: unknown): Promise<PagerDutyAccepted> {
    const event = validPayload<PagerDutyEvent>(PagerDutyEvent, body, 'PagerDuty event');
    const { dedupKey } = await this.gate.admit('pagerduty', () => this.pagerDuty.execute(request.integration, event, request.id));
    return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
  }

  /** Vigil's generic format, for other tools (documented in the OpenAPI document). */
  @Post('v1/alerts')
  @HttpCode(200)
  generic(@Req() request: IntegrationRequest, @Body() body: unknown): Promise<AcceptResult> {
    const alerts = validPayload<GenericAlerts>(GenericAlerts, body, 'alerts', genericViolations);
    return this.accept('generic', request, fromGeneric(alerts));
  }
}
