import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ACC-2: every API request (who, what, result, when), kept four weeks. */
export class AccessLog1763880000000 implements MigrationInterface {
  name = 'AccessLog1763880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.access_log (
      id bigserial CONSTRAINT access_log_pk PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      method text NOT NULL,
      path text NOT NULL,
      status integer NOT NULL,
      actor text,
      client_ip text,
      duration_ms numeric(10, 2) NOT NULL,
      trace_id text)`);
    await q.query(`CREATE INDEX access_log_at_idx ON gateway.access_log (at)`);
    await q.query(`CREATE INDEX access_log_actor_idx ON gateway.access_log (actor, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.access_log`);
  }
}
