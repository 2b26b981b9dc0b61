import { Logger } from '@nestjs/common';

/**
 * Runs `round` repeatedly until stopped. After a round that did no work it
 * sleeps for `pollIntervalMs`, unless `kick()` wakes it first (e.g. right
 * after a commit that queued work), so latency is low without busy polling.
 * With `gatherMs`, a round that did work is followed by that pause, which a
 * kick does not cut short (only `stop` does): under a stream of commits the
 * work gathers into a few larger rounds instead of one round per commit, while
 * the first work after a quiet spell still goes at once. A round that did
 * `fullBatch` items (its whole batch) is followed by the next at once: more is
 * waiting, and a pause would only cap the rate at a batch per pause.
 */
export class WakeableLoop {
  private readonly log: Logger;
  private running = false;
  private kicked = false;
  private wake: (() => void) | null = null;
  private wakeOnKick = true;
  private loop: Promise<void> | null = null;

  constructor(
    name: string,
    private readonly round: () => Promise<number>,
    private readonly pollIntervalMs = 500,
    private readonly gatherMs = 0,
    private readonly fullBatch = Number.POSITIVE_INFINITY,
  ) {
    this.log = new Logger(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kicked = true;
    this.wake?.();
    await this.loop;
  }

  kick(): void {
    this.kicked = true;
    if (this.wakeOnKick) this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let done = 0;
      this.kicked = false;
      try {
        done = await this.round();
      } catch (error) {
        this.log.warn(`round failed: ${(error as Error).message}`);
      }
      if (done > 0 && done < this.fullBatch && this.gatherMs > 0 && this.running) await this.sleep(this.gatherMs, false);
      else if (done === 0 && this.running && !this.kicked) await this.sleep(this.pollIntervalMs, true);
    }
  }

  /** Waits `ms`; `stop` always ends the wait early, `kick` only when `kickWakes`. */
  private sleep(ms: number, kickWakes: boolean): Promise<void> {
    this.wakeOnKick = kickWakes;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        this.wakeOnKick = true;
        this.wake = null;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * A background worker whose rounds run on a WakeableLoop (the relays, the
 * retention job): `start`, `stop`, and `kick` right after a commit that gave
 * it work. Subclasses say what one round does.
 */
export abstract class LoopingWorker {
  private readonly loop: WakeableLoop;

  /** `gatherMs` and `fullBatch` (the round's batch size): see WakeableLoop; for work that may wait a moment to go in larger rounds. */
  protected constructor(name: string, pollIntervalMs: number, gatherMs = 0, fullBatch = Number.POSITIVE_INFINITY) {
    this.loop = new WakeableLoop(name, () => this.round(), pollIntervalMs, gatherMs, fullBatch);
  }

  /** One round; returns how much it did (0 lets the loop sleep until the next poll or kick). */
  protected abstract round(): Promise<number>;

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }
}
