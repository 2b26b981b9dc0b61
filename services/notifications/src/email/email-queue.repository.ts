import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentTraceCarrier } from '@vigil/platform-observability';
import { AuditLog } from '@vigil/platform-audit';

export interface EmailToSend {
  /** Same key, same email: enqueuing it again is a no-op. */
  dedupeKey: string;
  recipients: string[];
  subject: string;
  body: string;
  /** Where replies go (a ticket's reply address, TKT-4). */
  replyTo?: string;
}

export interface QueuedEmail {
  id: string;
  recipients: string[];
  subject: string;
  body: string;
  replyTo: string | null;
  traceContext: Record<string, string>;
}

/** The emails table: written in the caller's transaction, drained by the sender. */
@Injectable()
export class EmailQueueRepository {
  constructor(private readonly audit: AuditLog) {}

  /** Returns true when the email was new. */
  async enqueue(manager: EntityManager, email: EmailToSend): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications.emails (id, dedupe_key, recipients, subject, body, reply_to, trace_context)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [randomUUID(), email.dedupeKey, email.recipients, email.subject, email.body, email.replyTo ?? null, currentTraceCarrier()],
    );
    if (rows.length === 1) {
      await this.audit.append(manager, {
        actor: 'system:notifications',
        action: 'email.queued',
        target: `email:${email.dedupeKey}`,
        after: { recipients: email.recipients, subject: email.subject },
      });
    }
    return rows.length === 1;
  }

  async load(manager: EntityManager, ids: string[]): Promise<QueuedEmail[]> {
    const rows: Array<{ id: string; recipients: string[]; subject: string; body: string; reply_to: string | null; trace_context: Record<string, string> }> =
      await manager.query(`SELECT id, recipients, subject, body, reply_to, trace_context FROM notifications.emails WHERE id = ANY($1) ORDER BY seq`, [ids]);
    return rows.map((r) => ({ id: r.id, recipients: r.recipients, subject: r.subject, body: r.body, replyTo: r.reply_to, traceContext: r.trace_context }));
  }

  async markSent(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE notifications.emails SET sent_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1`, [id]);
  }

  async recordFailure(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(`UPDATE notifications.emails SET last_error = $2 WHERE id = $1`, [id, reason]);
  }
}
