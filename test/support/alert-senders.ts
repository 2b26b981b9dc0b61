import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@vigil/testing';

/** A fixture from test/fixtures as a fresh object the test may change. */
export function fixture<T extends object = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures', `${name}.json`), 'utf8')) as T;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
  contentType: string | null;
}

/** POSTs JSON to the intake as a monitoring tool would, with the key as a bearer token unless the body carries it. */
export async function postAlert(url: string, body: unknown, bearerKey?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearerKey ? { authorization: `Bearer ${bearerKey}` } : {}) },
    // A string is sent as it is, so a test can send a body that is not JSON.
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
  };
}
