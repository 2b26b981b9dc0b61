import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@vigil/platform-persistence';

export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  actor: string | null;
  clientIp: string | null;
  durationMs: number;
  traceId: string | null;
}

@Injectable()
export class AccessLogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async record(entry: AccessLogEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gateway.access_log (method, path, status, actor, client_ip, duration_ms, trace_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.method, entry.path, entry.status, entry.actor, entry.clientIp, entry.durationMs, entry.traceId, this.clock.now()],
    );
  }

  /** Deletes entries older than `days`, in batches so no long lock is held. Returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    let deleted = 0;
    const now = this.clock.now();
    for (;;) {
      const rows = await queryRows<{ id: string }>(
        this.dataSource,
        `DELETE FROM gateway.access_log WHERE id IN (
           SELECT id FROM gateway.access_log WHERE at < $2::timestamptz - ($1 || ' days')::interval LIMIT 5000)
         RETURNING id`,
        [String(days), now],
      );
      deleted += rows.length;
      if (rows.length < 5000) return deleted;
    }
  }
}
