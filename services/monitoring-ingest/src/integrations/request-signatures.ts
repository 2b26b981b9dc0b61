import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '@vigil/platform-auth';
import { INGEST_CONFIG, type IngestConfig } from '../config';

/** The header a signing sender sets: `sha256=` and the hex HMAC-SHA256 of the raw body under the integration's secret. */
export const SIGNATURE_HEADER = 'x-vigil-signature';

/**
 * Optional request signing per integration (MON-1). The secret is shown once
 * when issued and kept sealed (AES-256-GCM, key from the environment).
 * Replaying a signed request changes nothing: alert intake is idempotent.
 */
@Injectable()
export class RequestSignatures {
  private readonly box: SecretBox;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.box = new SecretBox(config.MONITORING_SECRET_BOX_KEY);
  }

  issue(): { secret: string; sealed: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, sealed: this.box.seal(Buffer.from(secret, 'utf8')) };
  }

  verifies(sealed: string, body: Buffer, header: string | undefined): boolean {
    const given = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
    if (!given) return false;
    const expected = createHmac('sha256', this.box.open(sealed)).update(body).digest();
    return timingSafeEqual(expected, Buffer.from(given, 'hex'));
  }
}

/** What a sender computes (also used by tests). */
export const signatureOf = (secret: string, body: Buffer | string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
