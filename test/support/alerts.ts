import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@vigil/testing';

type Webhook = { alerts: Array<{ startsAt: string; endsAt: string; fingerprint: string; labels: Record<string, string> }> } & Record<string, unknown>;

/** The real Alertmanager v4 payloads in test/fixtures, optionally re-timed and re-labelled. */
export function alertmanagerFixture(
  name: 'alertmanager-firing' | 'alertmanager-resolved',
  changes: { startsAt?: Date; endsAt?: Date; fingerprint?: string; alertname?: string } = {},
): Webhook {
  const webhook = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures', `${name}.json`), 'utf8')) as Webhook;
  for (const alert of webhook.alerts) {
    if (changes.startsAt) alert.startsAt = changes.startsAt.toISOString();
    if (changes.endsAt) alert.endsAt = changes.endsAt.toISOString();
    if (changes.fingerprint) alert.fingerprint = changes.fingerprint;
    if (changes.alertname) alert.labels['alertname'] = changes.alertname;
  }
  return webhook;
}

export async function postAlertmanager(ingestUrl: string, body: unknown, apiKey?: string): Promise<Response> {
  return fetch(`${ingestUrl}/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
  });
}
