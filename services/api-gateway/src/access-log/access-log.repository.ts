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

  /** Many entries in one statement (one commit), each at the time it was taken. */
  async recordMany(entries: Array<AccessLogEntry & { at: Date }>): Promise<void> {
    if (entries.length === 0) return;
    const column = <K extends keyof (AccessLogEntry & { at: Date })>(key: K) => entries.map((entry) => entry[key]);
    await this.dataSource.query(
      `INSERT INTO gateway.access_log (method, path, status, actor, client_ip, duration_ms, trace_id, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::timestamptz[])`,
      [column('method'), column('path'), column('status'), column('actor'), column('clientIp'), column('durationMs'), column('traceId'), column('at')],
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
