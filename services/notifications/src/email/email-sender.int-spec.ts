import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter } from '@vigil/platform-messaging';
import { createServiceDataSource, databaseUrlAs } from '@vigil/platform-persistence';
import { clockFromEnvironment } from '@vigil/platform-clock';
import { createTestDatabase, eventually, startLocalSmtpServer, type LocalSmtpServer } from '@vigil/testing';
import { loadNotificationsConfig } from '../config';
import { EmailQueueRepository, type EmailToSend } from './email-queue.repository';
import { EmailSender } from './email-sender';

const clock = clockFromEnvironment();

interface Arrival {
  messageId: string;
  subject: string;
  from: string;
}

/**
 * A real SMTP server that records each message as its DATA completes and,
 * while `holding`, keeps it unanswered until `releaseOne()`: the test decides
 * when a connection frees up.
 */
class GatedSmtp {
  readonly arrivals: Arrival[] = [];
  holding = false;
  private readonly waiting: Array<() => void> = [];
  private server: LocalSmtpServer | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = await startLocalSmtpServer((stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.arrivals.push({ messageId: mail.messageId ?? '', subject: mail.subject ?? '', from: mail.from?.value[0]?.address ?? '' });
          if (this.holding) this.waiting.push(() => callback());
          else callback();
        })
        .catch(callback);
    });
    this.url = this.server.url;
    return this;
  }

  get unanswered(): number {
    return this.waiting.length;
  }

  releaseOne(): void {
    this.waiting.shift()?.();
  }

  releaseAll(): void {
    this.holding = false;
    while (this.waiting.length > 0) this.releaseOne();
  }

  stop(): Promise<void> {
    this.releaseAll();
    return this.server ? this.server.stop() : Promise.resolve();
  }
}

/**
 * Issue 19 (MON-3, TKT-6, REL-3): the pooled, prioritised sender against real
 * PostgreSQL and a real SMTP server. Pages go out ahead of a routine backlog;
 * two replicas on one database still send every email exactly once.
 */
describe('EmailSender', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dataSources: DataSource[] = [];
  const senders: EmailSender[] = [];
  let smtp: GatedSmtp;

  const connect = async () => {
    const dataSource = await createServiceDataSource({ url: databaseUrlAs(database.url, 'vigil_notifications'), schema: 'notifications', entities: [], migrations: [] }).initialize();
    dataSources.push(dataSource);
    return dataSource;
  };
  const repositoryOn = () => new EmailQueueRepository(new AuditLog('notifications', 'notifications', new OutboxWriter('notifications', clock), clock));
  /** One notifications replica's sender: its own database pool and SMTP pool, as a separate process would have. */
  const startSender = async (settings: Record<string, string>) => {
    const dataSource = await connect();
    const config = loadNotificationsConfig({ REPLY_TOKEN_SECRET: randomBytes(32).toString('base64'), SMTP_URL: smtp.url, ...settings });
    const sender = new EmailSender(dataSource, config, repositoryOn(), clock);
    senders.push(sender);
    sender.onApplicationBootstrap();
    return sender;
  };
  const routine = (run: string, i: number): EmailToSend => ({ dedupeKey: `${run}:routine:${i}`, priority: 'routine', recipients: ['customer@acme.example'], subject: `${run} routine ${i}`, body: 'ticket news' });
  const page = (run: string, i = 0): EmailToSend => ({ dedupeKey: `${run}:page:${i}`, priority: 'page', recipients: ['oncall@vigil.test'], subject: `${run} PAGE ${i}`, body: 'outage' });
  const enqueueAll = async (emails: EmailToSend[]) => {
    const dataSource = await connect();
    const repository = repositoryOn();
    await dataSource.transaction(async (manager) => {
      for (const email of emails) await repository.enqueue(manager, email);
    });
  };
  const arrivalsOf = (run: string) => smtp.arrivals.filter((a) => a.subject.startsWith(`${run} `));
  const stopSenders = async () => {
    await Promise.all(senders.splice(0).map((s) => s.onApplicationShutdown()));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  beforeEach(async () => {
    smtp = await new GatedSmtp().start();
  });

  afterEach(async () => {
    smtp.releaseAll();
    await stopSenders();
    await smtp.stop();
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((d) => d.destroy()));
    await database?.drop();
  });

  it('MON-3: a page queued after a routine backlog is claimed and sent first', async () => {
    const run = 'claim-order';
    await enqueueAll([...Array.from({ length: 30 }, (_, i) => routine(run, i)), page(run)]);
    await startSender({ SMTP_MAX_CONNECTIONS: '1' });

    await eventually('the backlog sent', () => (arrivalsOf(run).length === 31 ? true : undefined));
    expect(arrivalsOf(run)[0]!.subject).toBe(`${run} PAGE 0`);
    expect(arrivalsOf(run).slice(1).map((a) => a.subject)).toEqual(Array.from({ length: 30 }, (_, i) => `${run} routine ${i}`));
  });

  it('MON-3: a page queued while every connection is busy with routine mail is the next email sent', async () => {
    const run = 'in-flight';
    await enqueueAll(Array.from({ length: 40 }, (_, i) => routine(run, i)));
    smtp.holding = true;
    const sender = await startSender({ SMTP_MAX_CONNECTIONS: '2' });
    // Both connections busy, and the sender holding its next batch of routine mail.
    await eventually('both connections sending', () => (smtp.unanswered === 2 ? true : undefined));
    const claimedUnsent = async () => Number((await dataSources[0]!.query(`SELECT count(*) AS n FROM notifications.emails WHERE sent_at IS NULL AND locked_until > now() AND dedupe_key LIKE $1`, [`${run}:%`]))[0].n);
    await eventually('the next routine batch held', async () => ((await claimedUnsent()) === 4 ? true : undefined));

    await sender.queue(page(run));
    await eventually('the page claimed', async () => ((await claimedUnsent()) === 5 ? true : undefined));
    smtp.releaseOne();

    await eventually('one more email started', () => (arrivalsOf(run).length === 3 ? true : undefined));
    // The two routine emails were sent side by side (either may finish first); the page came right after.
    expect(arrivalsOf(run).slice(0, 2).map((a) => a.subject).sort()).toEqual([`${run} routine 0`, `${run} routine 1`]);
    expect(arrivalsOf(run)[2]!.subject).toBe(`${run} PAGE 0`);
    smtp.releaseAll();
    await eventually('everything sent', () => (arrivalsOf(run).length === 41 ? true : undefined));
  });

  it('REL-3: two replicas with pooled connections on one database send every email exactly once', async () => {
    const run = 'two-replicas';
    const emails = [...Array.from({ length: 300 }, (_, i) => routine(run, i)), ...Array.from({ length: 10 }, (_, i) => page(run, i))];
    await enqueueAll(emails);
    const [a] = await Promise.all([
      startSender({ SMTP_MAX_CONNECTIONS: '3', MAIL_FROM: 'replica-a@vigil.test' }),
      startSender({ SMTP_MAX_CONNECTIONS: '3', MAIL_FROM: 'replica-b@vigil.test' }),
    ]);
    await a.queue(page(run, 10)); // a kick while both replicas are busy draining
    const unsent = async () => Number((await dataSources[0]!.query(`SELECT count(*) AS n FROM notifications.emails WHERE sent_at IS NULL AND dedupe_key LIKE $1`, [`${run}:%`]))[0].n);
    await eventually('every email marked sent', async () => ((await unsent()) === 0 ? true : undefined), 60_000);
    // Stopped replicas send nothing more: what arrived is final.
    await stopSenders();

    const arrived = arrivalsOf(run);
    expect(arrived).toHaveLength(311);
    expect(new Set(arrived.map((m) => m.messageId)).size).toBe(311);
    expect(new Set(arrived.map((m) => m.subject))).toEqual(new Set([...emails, page(run, 10)].map((e) => e.subject)));
    // Both replicas took part.
    expect(arrived.filter((m) => m.from === 'replica-a@vigil.test').length).toBeGreaterThan(0);
    expect(arrived.filter((m) => m.from === 'replica-b@vigil.test').length).toBeGreaterThan(0);
  });
});
