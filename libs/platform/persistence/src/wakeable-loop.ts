import { Logger } from '@nestjs/common';

/**
 * Runs `round` repeatedly until stopped. After a round that did no work it
 * sleeps for `pollIntervalMs`, unless `kick()` wakes it first (e.g. right
 * after a commit that queued work), so latency is low without busy polling.
 */
export class WakeableLoop {
  private readonly log: Logger;
  private running = false;
  private kicked = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(name: string, private readonly round: () => Promise<number>, private readonly pollIntervalMs = 500) {
    this.log = new Logger(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
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
      if (done === 0 && this.running && !this.kicked) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.pollIntervalMs);
      this.wake = () => {
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

  protected constructor(name: string, pollIntervalMs: number) {
    this.loop = new WakeableLoop(name, () => this.round(), pollIntervalMs);
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
