import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { afterFailedSignIn, isBlocked, lockoutPolicy, type FailureOutcome, type LockoutPolicy } from './lockout';
import { signInAccount, SignInFailureRepository } from './sign-in-failure.repository';

/** One sign-in attempt's standing in the lockout policy (lockout.ts): blocked or not, and what a failure or success records. */
export interface Attempt {
  blocked: boolean;
  failed(): Promise<FailureOutcome>;
  succeeded(): Promise<void>;
}

/** Staff and customer sign-in share the per-account-and-address failure counting. */
@Injectable()
export class SignInAttempts {
  private readonly policy: LockoutPolicy;

  constructor(private readonly failures: SignInFailureRepository, @Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.policy = lockoutPolicy(config);
  }

  async begin(manager: EntityManager, kind: 'staff' | 'customer', email: string, clientAddress: string, now: Date): Promise<Attempt> {
    const account = signInAccount(kind, email);
    const record = await this.failures.find(manager, account, clientAddress);
    return {
      blocked: isBlocked(record, now),
      failed: async () => {
        const outcome = afterFailedSignIn(record, now, this.policy);
        await this.failures.record(manager, account, clientAddress, outcome.failedAttempts, outcome.blockedUntil, now);
        return outcome;
      },
      succeeded: () => this.failures.clear(manager, account, clientAddress, new Date(now.getTime() - this.policy.lockMinutes * 60_000)),
    };
  }
}
