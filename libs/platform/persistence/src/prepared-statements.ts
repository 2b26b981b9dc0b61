import { createHash } from 'node:crypto';
import { Client, type ClientConfig, type QueryResult } from 'pg';

/** A statement is prepared once its text was sent this often by the process: one-off statements (migrations, setup) stay unnamed. */
const PREPARE_AFTER_SENDS = 3;
/** Distinct statements a process prepares at most; each costs memory in every session of its pool. */
const MAX_PREPARED_TEXTS = 200;
/** Bulk statements (many rows of parameters) vary in shape and hold large plans: they stay unnamed. */
const MAX_PARAMETERS = 100;
const MAX_TEXT_LENGTH = 4_096;

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
    if (this.names.size >= MAX_PREPARED_TEXTS || this.unprepared.has(text)) return undefined;
    const sends = (this.sends.get(text) ?? 0) + 1;
    if (sends < PREPARE_AFTER_SENDS) {
      this.sends.set(text, sends);
      return undefined;
    }
    this.sends.delete(text);
    const prepared = `vigil_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, prepared);
    return prepared;
  }

  /** Postgres cannot run this prepared statement any more: its sessions' copies stay unused, and it goes unnamed. */
  forget(text: string): void {
    this.names.delete(text);
    this.unprepared.add(text);
  }
}

/** Postgres's answer when DDL changed the columns a prepared statement returns (its `SELECT *` or `RETURNING *`). */
function isStaleResultType(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/**
 * A pg Client that sends frequent statements as named prepared statements,
 * for the pool TypeORM builds (`extra.Client`). Only the promise form with a
 * text and parameters is changed: that is how TypeORM queries.
 */
export function preparingClient(names: PreparedStatementNames): typeof Client {
  return class PreparingClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const send = this.query.bind(this) as (...args: unknown[]) => unknown;
      this.query = ((text: unknown, values?: unknown, callback?: unknown) => {
        if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) return send(text, values, callback);
        const name = names.nameFor(text, values.length);
        if (name === undefined) return send(text, values);
        return (send({ name, text, values }) as Promise<QueryResult>).catch((error: unknown) => {
          if (isStaleResultType(error)) names.forget(text);
          throw error;
        });
      }) as Client['query'];
    }
  };
}
