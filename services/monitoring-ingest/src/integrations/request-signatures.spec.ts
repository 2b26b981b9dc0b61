import { randomBytes } from 'node:crypto';
import { RequestSignatures, signatureOf } from './request-signatures';
import type { IngestConfig } from '../config';

describe('request signatures (MON-1, optional HMAC)', () => {
  const signatures = new RequestSignatures({ MONITORING_SECRET_BOX_KEY: randomBytes(32).toString('base64') } as IngestConfig);
  const { secret, sealed } = signatures.issue();
  const body = Buffer.from('{"alerts":[]}');

  it('keeps the secret sealed, not as given', () => {
    expect(sealed).not.toContain(secret);
  });

  it('accepts the HMAC-SHA256 of the exact body under the secret', () => {
    expect(signatures.verifies(sealed, body, signatureOf(secret, body))).toBe(true);
    expect(signatures.verifies(sealed, body, signatureOf(secret, body).toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it('refuses a changed body, another secret, and a missing or malformed header', () => {
    expect(signatures.verifies(sealed, Buffer.from('{"alerts":[1]}'), signatureOf(secret, body))).toBe(false);
    expect(signatures.verifies(sealed, body, signatureOf('another-secret', body))).toBe(false);
    expect(signatures.verifies(sealed, body, undefined)).toBe(false);
    expect(signatures.verifies(sealed, body, 'sha256=abc')).toBe(false);
    expect(signatures.verifies(sealed, body, signatureOf(secret, body).replace('sha256=', 'md5='))).toBe(false);
  });
});
