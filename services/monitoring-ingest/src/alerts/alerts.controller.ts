import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { violations } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { IntegrationAuthGuard, type IntegrationRequest } from '../integrations/integration-auth.guard';
import { AlertmanagerWebhook } from './dto/alertmanager-webhook.dto';
import { AcceptAlertmanagerWebhookUseCase, type AcceptResult } from './use-cases/accept-alertmanager-webhook/accept-alertmanager-webhook.use-case';

@Controller('v1/alerts')
@UseGuards(IntegrationAuthGuard)
export class AlertsController {
  constructor(private readonly acceptAlertmanager: AcceptAlertmanagerWebhookUseCase) {}

  /** Alertmanager `webhook_configs` URL; authenticate with `http_config.authorization`. */
  @Post('alertmanager')
  @HttpCode(200)
  async alertmanager(@Req() request: IntegrationRequest, @Body() body: unknown): Promise<AcceptResult> {
    const problems = violations(AlertmanagerWebhook, body);
    if (problems.length > 0) {
      throw new ProblemException(400, 'https://vigil.dev/problems/invalid-alert-payload', 'invalid Alertmanager webhook payload', problems.slice(0, 20).join('; '), {
        errors: problems.slice(0, 20),
      });
    }
    return this.acceptAlertmanager.execute({ integration: request.integration, webhook: body as AlertmanagerWebhook });
  }
}
