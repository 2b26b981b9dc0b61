import { testClock } from './clock';
import { alertmanagerFixture } from './alerts';

export interface AlertStreamFigures {
  /** Distinct alerts the stream produced. */
  sent: number;
  /** Distinct alerts answered 2xx (after retries). */
  accepted: number;
  /** Attempts answered 5xx or failed to connect, each retried as Alertmanager would. */
  retries: number;
  /** Attempts answered 4xx: Alertmanager drops these for good, so there must be none. */
  rejected: number;
  /** How the attempts were answered: HTTP status, or "connection error". */
  answers: Record<string, number>;
}

const RETRY_DELAY_MS = 250;
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * An Alertmanager stand-in for fault tests: posts one new firing alert every
 * `intervalMs`, round-robin over the given environments, each with its own
 * fingerprint, and retries an alert answered 5xx or not answered at all until
 * it is accepted (Alertmanager's semantics; a 4xx is dropped and counted).
 * Records which alerts were accepted, so a test can compare what went in with
 * what came out.
 */
export class SteadyAlertStream {
  /** Fingerprint → environment key of every alert answered 2xx. */
  readonly accepted = new Map<string, string>();
  private readonly answers: Record<string, number> = {};
  private sent = 0;
  private retries = 0;
  private rejected = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Set by stop(): an alert still not accepted by then is given up (and so missing from `accepted`). */
  private giveUpAt = Number.POSITIVE_INFINITY;
  private readonly run = `fault-${process.pid}-${Math.floor(performance.now())}`;

  constructor(
    private readonly ingestUrl: string,
    private readonly apiKey: string,
    private readonly environmentKeys: string[],
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const delivery = this.deliver(this.sent++);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }, this.intervalMs);
  }

  /** Stops producing alerts and waits until every alert produced is accepted (retrying for at most `timeoutMs`). */
  async stop(timeoutMs = 60_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.giveUpAt = performance.now() + timeoutMs;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  get figures(): AlertStreamFigures {
    return { sent: this.sent, accepted: this.accepted.size, retries: this.retries, rejected: this.rejected, answers: { ...this.answers } };
  }

  private async deliver(n: number): Promise<void> {
    const environment = this.environmentKeys[n % this.environmentKeys.length]!;
    const fingerprint = `${this.run}-${n}`;
    const webhook = alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now(), fingerprint });
    for (const alert of webhook.alerts) alert.labels['environment'] = environment;
    (webhook as Record<string, unknown>)['commonLabels'] = { ...(webhook['commonLabels'] as object), environment };
    for (;;) {
      const answer = await this.post(webhook);
      this.answers[answer] = (this.answers[answer] ?? 0) + 1;
      if (typeof answer === 'number' && answer < 300) {
        this.accepted.set(fingerprint, environment);
        return;
      }
      if (typeof answer === 'number' && answer < 500) {
        this.rejected += 1;
        return;
      }
      if (performance.now() > this.giveUpAt) return;
      this.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }

  private async post(body: unknown): Promise<number | 'connection error'> {
    try {
      const response = await fetch(`${this.ingestUrl}/v1/alerts/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'connection error';
    }
  }
}
