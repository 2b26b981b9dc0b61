import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
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
        simpleParser(raw)
          .then((mail) => log(`mail to ${Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text}: ${mail.subject} (${file})`))
          .catch(() => undefined)
          .finally(() => callback());
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }));
  });
}
