import { Client, type ClientConfig, type QueryConfig, type QueryResult } from 'pg';
import { isStaleResultType, isUnknownStatement, type PreparedStatementNames } from './prepared-statements';

type Answer = (error: Error | null, result: QueryResult) => void;
type CallbackQuery = (config: string | QueryConfig, values: unknown[] | undefined, answer: Answer) => void;

/** pg's record of the statements it parsed on this session (pg 8: `connection.parsedStatements`). */
type ParsedStatements = { connection: { parsedStatements: Record<string, string> } };

/**
 * The pg Client of every service's pool (TypeORM's `extra.Client`).
 *
 * TypeORM queries through pg's promise form, `client.query(text, values)`.
 * This client answers those calls through pg's callback form with a promise
 * of its own (decision 0036). Measured on Node 24 with pg 8.23: through the
 * promise form, a quarter of everything a query loop allocated (the rows of
 * its answers) outlived the next scavenge and was promoted, so scavenges
 * copied megabytes and mark-compacts came every few seconds; through the
 * callback form under 1 % survived.
 *
 * With `names`, frequent statements go as named prepared statements
 * (decision 0034). A call that fails fails as before (its transaction is
 * aborted either way); what is fixed on the way makes the next call work.
 * Calls in other shapes (a submittable, a callback of the caller's) go to
 * pg unchanged.
 */
export function serviceClient(names: PreparedStatementNames | null): typeof Client {
  return class ServiceClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const send = this.query.bind(this) as unknown as CallbackQuery;
      const answered = (config: string | QueryConfig, values: unknown[] | undefined, onError?: (error: Error) => void) =>
        new Promise<QueryResult>((resolve, reject) =>
          send(config, values, (error, result) => {
            if (!error) return resolve(result);
            try {
              onError?.(error);
            } finally {
              reject(error);
            }
          }),
        );
      this.query = ((...args: unknown[]) => {
        const [text, values, callback] = args;
        // Other shapes go to pg exactly as given (an instrumentation looks for a callback in last place).
        if (typeof text !== 'string' || callback !== undefined || (values !== undefined && !Array.isArray(values))) {
          return (send as unknown as (...given: unknown[]) => unknown)(...args);
        }
        const name = names && values ? names.nameFor(text, values.length) : undefined;
        if (name === undefined) return answered(text, values);
        return answered({ name, text, values }, undefined, (error) => {
          if (isStaleResultType(error)) names!.forget(text);
          // pg would go on sending Bind for a statement the session no longer has: the next call parses it again.
          if (isUnknownStatement(error)) delete (this as unknown as ParsedStatements).connection.parsedStatements[name];
        });
      }) as Client['query'];
    }
  };
}
