/**
 * A local SMTP mailbox for `npm start` (Mailpit plays this part in
 * docker-compose): accepts every message on SMTP_PORT and writes it to
 * .vigil/mail/ as .eml, printing one line per email.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { clockFromEnvironment } from '../../libs/platform/clock/src';

const port = Number(process.env['DEV_MAILBOX_PORT'] ?? 1025);
const dir = process.env['DEV_MAILBOX_DIR'] ?? join(process.cwd(), '.vigil/mail');
mkdirSync(dir, { recursive: true });
const clock = clockFromEnvironment();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const file = join(dir, `${clock.isoNow().replace(/[:.]/g, '-')}.eml`);
      writeFileSync(file, raw);
      simpleParser(raw)
        .then((mail) => console.log(`mail to ${Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text}: ${mail.subject} (${file})`))
        .catch(() => undefined)
        .finally(() => callback());
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`dev mailbox listening on smtp://127.0.0.1:${port}, writing to ${dir}`));
