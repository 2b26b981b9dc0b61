import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';

/** The send of a text from which on it goes named: one-off statements (migrations, setup) stay unnamed. */
const NAMED_FROM_SEND = 3;
/** Distinct statements a pool names at most; each costs memory in every session of the pool. Later texts go unnamed. */
const MAX_NAMED_TEXTS = 200;
/** Texts counted towards NAMED_FROM_SEND at most; the count starts over beyond it. */
const MAX_COUNTED_TEXTS = 10_000;
/** Bulk statements (many rows of parameters) hold large plans: they stay unnamed. */
const MAX_PARAMETERS = 100;
const MAX_TEXT_LENGTH = 4_096;

const log = new Logger('PreparedStatements');

/**
 * Which statement texts go to Postgres as named prepared statements. TypeORM
 * sends every query unnamed, so Postgres parses and plans it on every call:
 * for the short, hot statements of this platform (a ticket's read before its
 * creation, the relays' claims) planning took 2–15 times as long as running
 * them. A named statement is parsed once per session and, once Postgres
 * finds its generic plan as good as custom ones, planned once too
 * (decision 0034).
 */
export class PreparedStatementNames {
  private readonly sends = new Map<string, number>();
  private readonly names = new Map<string, string>();
  /** Texts Postgres refused to run prepared (a migration changed what `*` returns): sent unnamed from then on. */
  private readonly unprepared = new Set<string>();

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string, parameters: number): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || parameters === 0 || parameters > MAX_PARAMETERS || text.length > MAX_TEXT_LENGTH) return name;
    if (this.names.size >= MAX_NAMED_TEXTS || this.unprepared.has(text)) return undefined;
    const sends = (this.sends.get(text) ?? 0) + 1;
    if (sends < NAMED_FROM_SEND) {
      if (this.sends.size >= MAX_COUNTED_TEXTS) this.sends.clear();
      this.sends.set(text, sends);
      return undefined;
    }
    this.sends.delete(text);
    const named = `vigil_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, named);
    if (this.names.size === MAX_NAMED_TEXTS) log.warn(`${MAX_NAMED_TEXTS} statements are prepared in this pool; further statements go unnamed`);
    return named;
  }

  /**
   * Postgres cannot run this prepared statement any more: it goes unnamed
   * until the process restarts. Sessions keep their copy, unused; there is
   * one such text per migration that changes what a `*` returns.
   */
  forget(text: string): void {
    if (this.names.delete(text)) this.unprepared.add(text);
  }
}

/** Postgres's answer when DDL changed the columns a prepared statement returns (its `SELECT *` or `RETURNING *`): 0A000 from plan revalidation. */
export function isStaleResultType(error: unknown): boolean {
  const { code, routine } = error as { code?: string; routine?: string };
  return code === '0A000' && routine === 'RevalidateCachedQuery';
}

/** The session lost the statement pg thinks it prepared there (a DEALLOCATE or DISCARD ALL, or a failed Bind pg answered with Close). */
export function isUnknownStatement(error: unknown): boolean {
  return (error as { code?: string }).code === '26000';
}
