import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ACC-5: one stored report per reviewed month. */
export class AccessReviews1763890000000 implements MigrationInterface {
  name = 'AccessReviews1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.access_reviews (
      period text CONSTRAINT access_reviews_pk PRIMARY KEY CONSTRAINT access_reviews_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      generated_at timestamptz NOT NULL DEFAULT now(),
      report jsonb NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.access_reviews`);
  }
}
