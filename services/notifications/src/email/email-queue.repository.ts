import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { claimLeasedRows } from '@vigil/platform-persistence';
import { currentTraceCarrier } from '@vigil/platform-observability';
import { AuditLog } from '@vigil/platform-audit';

/**
 * Pages (MON-3 on-call, team-lead and breach notices, TKT-6 escalations, and
 * later the security notices) always go out before routine mail (ticket mail
 * to customers and the team, the access review): issue 19.
 */
export type EmailPriority = 'page' | 'routine';

/** The stored `priority`: claims take the lowest first. */
const PRIORITY_RANK: Record<EmailPriority, number> = { page: 0, routine: 1 };
export const PAGE_RANK = PRIORITY_RANK.page;

export interface EmailToSend {
  /** Same key, same email: enqueuing it again is a no-op. */
  dedupeKey: string;
  priority: EmailPriority;
  recipients: string[];
  subject: string;
  body: string;
  /** Where replies go (a ticket's reply address, TKT-4). */
  replyTo?: string;
}

const TABLE = 'notifications.emails';

interface EmailRow {
  id: string;
  seq: string;
  priority: number;
  recipients: string[];
  subject: string;
  body: string;
  reply_to: string | null;
  trace_context: Record<string, string>;
}

export interface QueuedEmail {
  id: string;
  /** Queue position: within a priority, older first. */
  seq: number;
  /** 0 = page, 1 = routine. */
  priorityRank: number;
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
      `INSERT INTO notifications.emails (id, dedupe_key, priority, recipients, subject, body, reply_to, trace_context)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [randomUUID(), email.dedupeKey, PRIORITY_RANK[email.priority], email.recipients, email.subject, email.body, email.replyTo ?? null, currentTraceCarrier()],
    );
    if (rows.length === 1) {
      await this.audit.append(manager, {
        actor: 'system:notifications',
        action: 'email.queued',
        target: `email:${email.dedupeKey}`,
        after: { recipients: email.recipients, subject: email.subject, priority: email.priority },
      });
    }
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due emails for `leaseMs` and reads them, in one
   * statement (its own transaction): pages first, then queue order; with
   * `pagesOnly`, pages alone. Several senders never claim the same email.
   */
  async claim(dataSource: DataSource, limit: number, leaseMs: number, pagesOnly: boolean): Promise<QueuedEmail[]> {
    const rows = await claimLeasedRows<EmailRow>(dataSource, TABLE, 'sent_at', limit, leaseMs, {
      orderBy: 'priority, seq',
      ...(pagesOnly ? { only: { column: 'priority', equals: PAGE_RANK } } : {}),
      returning: 'id, seq, priority, recipients, subject, body, reply_to, trace_context',
    });
    return rows.map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      priorityRank: r.priority,
      recipients: r.recipients,
      subject: r.subject,
      body: r.body,
      replyTo: r.reply_to,
      traceContext: r.trace_context,
    }));
  }

  async markSent(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE notifications.emails SET sent_at = now(), locked_until = NULL, last_error = NULL WHERE id = ANY($1)`, [ids]);
  }

  async recordFailure(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(`UPDATE notifications.emails SET last_error = $2 WHERE id = $1`, [id, reason]);
  }

  /** Gives unsent claimed emails back at once (shutdown), instead of when their lease runs out. */
  async releaseLeases(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE notifications.emails SET locked_until = NULL WHERE id = ANY($1) AND sent_at IS NULL`, [ids]);
  }
}
