import { TicketingError } from '@vigil/contracts';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '@vigil/platform-audit';
import { queryRows } from '@vigil/platform-persistence';
import { TicketingException } from '../ticketing.exception';

/**
 * `Idempotency-Key` for commands: the first request's answer is stored in the
 * same transaction as its effect; a retry gets that answer and changes
 * nothing. A concurrent retry waits on the key's row until the first commits.
 */
@Injectable()
export class IdempotencyStore {
  async once<T>(manager: EntityManager, scope: string, key: string | undefined, request: unknown, work: () => Promise<T>): Promise<T> {
    if (!key) return work();
    const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
    const claimed = await queryRows(
      manager,
      `INSERT INTO ticketing.idempotency_keys (scope, key, request_hash, response) VALUES ($1, $2, $3, 'null') ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    );
    if (claimed.length === 0) {
      const [first]: Array<{ request_hash: string; response: T }> = await manager.query(
        `SELECT request_hash, response FROM ticketing.idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      if (first.request_hash !== requestHash) throw new TicketingException(TicketingError.Unprocessable, 'this Idempotency-Key was already used for a different request');
      return first.response;
    }
    const result = await work();
    await manager.query(`UPDATE ticketing.idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify(result)]);
    return result;
  }
}
