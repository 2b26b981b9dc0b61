import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { ManualClock } from '@vigil/platform-clock';
import { breakOffSmtpTransaction, eventually, freePort } from '@vigil/testing';
import { startDevMailbox, type DevMailbox } from '../../deploy/dev/dev-mailbox-server';
import { testClock } from '../support/clock';

/** Issue 19: the dev mailbox (`npm start`) keeps every message it accepts, however many arrive at once. */
describe('dev mailbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-dev-mailbox-'));
  let mailbox: DevMailbox;
  let url: string;
  const logged: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    // A clock that never moves: every message arrives "in the same millisecond", the case that used to overwrite.
    mailbox = await startDevMailbox({ port, dir, clock: new ManualClock(testClock.now()), log: (line) => logged.push(line) });
    url = `smtp://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each message of a concurrent burst in its own file', async () => {
    const transport = createTransport({ url, pool: true, maxConnections: 10 });
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => transport.sendMail({ from: 'vigil@vigil.test', to: 'someone@acme.example', subject: `burst ${i}`, text: 'x', messageId: `<burst-${i}@vigil>` })),
      );
    } finally {
      transport.close();
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(60);
    const subjects = files.map((f) => /^Subject: (.*)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1]).sort();
    expect(subjects).toEqual(Array.from({ length: 60 }, (_, i) => `burst ${i}`).sort());
    // One log line per message, naming its recipient, subject and file.
    expect(logged).toHaveLength(60);
    expect(logged).toContainEqual(expect.stringMatching(/^mail to someone@acme\.example: burst 7 \(.*\.eml\)$/));
  });

  it('outlives senders that break off mid-message, and logs each', async () => {
    const before = logged.length;
    await breakOffSmtpTransaction(url);
    await breakOffSmtpTransaction(url);
    await eventually('both breaks to be logged', () => (logged.length === before + 2 ? true : undefined), 5_000, 10);
    expect(logged.slice(before)).toEqual([expect.stringMatching(/^a sender broke off: .*ECONNRESET/), expect.stringMatching(/^a sender broke off: .*ECONNRESET/)]);
    const transport = createTransport(url);
    try {
      await transport.sendMail({ from: 'vigil@vigil.test', to: 'someone@acme.example', subject: 'after the break', text: 'x' });
    } finally {
      transport.close();
    }
    expect(logged.at(-1)).toMatch(/^mail to someone@acme\.example: after the break/);
  });
});
