import { Injectable } from '@nestjs/common';

export type CheckResult = { status: 'up' | 'down'; error?: string };

/**
 * The long-running parts of a process (consumer loops, activity workers,
 * feeds) report here whether they run; `/health/ready` answers 503 while any
 * is down, so a stopped loop is seen instead of silently doing nothing.
 */
@Injectable()
export class Readiness {
  private readonly parts = new Map<string, CheckResult>();

  up(part: string): void {
    this.parts.set(part, { status: 'up' });
  }

  down(part: string, error: string): void {
    this.parts.set(part, { status: 'down', error });
  }

  /** Forget a part that stopped on purpose (shutdown). */
  remove(part: string): void {
    this.parts.delete(part);
  }

  checks(): Record<string, CheckResult> {
    return Object.fromEntries(this.parts);
  }
}
