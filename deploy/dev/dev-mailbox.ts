/**
 * A local SMTP mailbox for `npm start` (Mailpit plays this part in
 * docker-compose): accepts every message on DEV_MAILBOX_PORT and writes each
 * to .vigil/mail/ as its own .eml, printing one line per email.
 */
import { join } from 'node:path';
import { clockFromEnvironment } from '../../libs/platform/clock/src';
import { startDevMailbox } from './dev-mailbox-server';

const port = Number(process.env['DEV_MAILBOX_PORT'] ?? 1025);
const dir = process.env['DEV_MAILBOX_DIR'] ?? join(process.cwd(), '.vigil/mail');

startDevMailbox({ port, dir, clock: clockFromEnvironment(), log: (line) => console.log(line) }).then(
  () => console.log(`dev mailbox listening on smtp://127.0.0.1:${port}, writing to ${dir}`),
  (error: Error) => {
    console.error(`dev mailbox failed to start: ${error.message}`);
    process.exit(1);
  },
);
