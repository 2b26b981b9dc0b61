import type { TSchema } from '@sinclair/typebox';
import { AlertmanagerWebhook, GenericAlerts, PagerDutyEvent } from '@vigil/contracts';

const jsonSchema = (schema: TSchema): unknown => JSON.parse(JSON.stringify(schema));

/** The alert intake is served by monitoring-ingest itself, not through the gateway. */
const INGEST_SERVER = [
  {
    url: 'http://{ingest}',
    description: 'monitoring-ingest (MONITORING_INGEST_PORT, 3010 by default)',
    variables: { ingest: { default: 'localhost:3010' } },
  },
];

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
/** PagerDuty's clients read only PagerDuty's own error shape (issue 19). */
const PAGERDUTY_ERROR_CONTENT = {
  'application/json': {
    schema: {
      type: 'object',
      required: ['status', 'message', 'errors'],
      properties: { status: { type: 'string', examples: ['invalid event'] }, message: { type: 'string', examples: ['Event object is invalid'] }, errors: { type: 'array', items: { type: 'string' } } },
    },
  },
};
type ErrorContent = typeof PROBLEM_CONTENT | typeof PAGERDUTY_ERROR_CONTENT;

const retry = (content: ErrorContent) => ({
  description: 'Not stored now; send again after Retry-After. Never a permanent refusal of a valid alert.',
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
  content,
});
const refusal = (description: string, content: ErrorContent) => ({ description, content });

const ACCEPTED = {
  type: 'object',
  properties: {
    received: { type: 'integer' },
    recorded: { type: 'integer', description: 'Alerts that changed state; repeats and HA duplicates are not counted' },
    truncatedAlerts: { type: 'integer' },
  },
};

const intake = (operationId: string, description: string, schema: TSchema, success: Record<string, unknown>, busyStatus: '503' | '429', errors: ErrorContent = PROBLEM_CONTENT) => ({
  post: {
    operationId,
    tags: ['alert intake'],
    description: `${description} Answered 2xx only after the alerts are committed. Authenticate with the integration API key as a bearer token.`,
    servers: INGEST_SERVER,
    security: [{ integrationKey: [] }],
    parameters: [
      {
        name: 'X-Vigil-Signature',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
        description: 'Required once the integration has a signing secret (POST /v1/integrations/{id}/signing-secret): sha256= and the hex HMAC-SHA256 of the raw body.',
      },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(schema) } } },
    responses: {
      ...success,
      '400': refusal('The payload can never be stored; nothing was stored', errors),
      '401': refusal('No valid integration key, or a missing or wrong signature', errors),
      [busyStatus]: retry(errors),
      ...(busyStatus === '429' ? { '503': retry(errors) } : {}),
    },
  },
});

/** MON-1: the three alert formats, described in the same document as the REST API. */
export function alertIntakePaths(): Record<string, unknown> {
  return {
    '/v1/alerts/alertmanager': intake(
      'AlertIntake.alertmanager',
      'Prometheus Alertmanager webhook, version 4. Each alert counts by its own status; a resolved alert\'s endsAt is the recovery time. Overload and outages answer 503 (Alertmanager retries only 5xx).',
      AlertmanagerWebhook,
      { '200': { description: 'Stored', content: { 'application/json': { schema: ACCEPTED } } } },
      '503',
    ),
    '/v2/enqueue': intake(
      'AlertIntake.pagerDuty',
      "PagerDuty Events API v2 (trigger, acknowledge, resolve). routing_key may carry the integration key instead of the Authorization header. A dedup_key names one open alert; after resolve it opens a new one. Also served at /v1/alerts/pagerduty. Errors come in PagerDuty's own shape (application/json with status, message and errors), which its clients read.",
      PagerDutyEvent,
      {
        '202': {
          description: 'Stored',
          content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'success' }, message: { type: 'string' }, dedup_key: { type: 'string' } } } } },
        },
      },
      '429',
      PAGERDUTY_ERROR_CONTENT,
    ),
    '/v1/alerts': intake(
      'AlertIntake.generic',
      "Vigil's generic format for other tools: one object per alert, identified by key; a resolved alert carries endsAt.",
      GenericAlerts,
      { '200': { description: 'Stored', content: { 'application/json': { schema: ACCEPTED } } } },
      '503',
    ),
  };
}
