import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../libs/platform/clock/src';

export interface DevMailboxOptions {
  port: number;
  dir: string;
  clock: Clock;
  /** One line per email stored. */
  log?: (line: string) => void;
}

export interface DevMailbox {
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts every message and writes each to its own .eml
 * file in `dir`: named by arrival time for sorting, plus a random part, so
 * messages of one millisecond (a burst from a pooled sender) never overwrite
 * each other; `wx` refuses to replace a file even then.
 */
export function startDevMailbox({ port, dir, clock, log = () => undefined }: DevMailboxOptions): Promise<DevMailbox> {
  mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const file = join(dir, `${clock.isoNow().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
        try {
          writeFileSync(file, raw, { flag: 'wx' });
        } catch (error) {
          callback(error as Error); // the sender retries; the message is not silently lost
          return;
        }
        const headers = headerFields(raw);
        log(`mail to ${headers['to'] ?? '?'}: ${headers['subject'] ?? ''} (${file})`);
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      // From here an error is a sender breaking off mid-message (killed, say): its message was not accepted, so it sends again.
      server.on('error', (error) => log(`a sender broke off: ${error.message}`));
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/**
 * The header fields of a raw message, unfolded, as sent (encoded words are
 * left as they are): enough for the log line, without parsing every message
 * whole, which cost the mailbox more CPU than storing it under a burst.
 */
function headerFields(raw: Buffer): Record<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 16_384) : end).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  const fields: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return fields;
}
