import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { argon2ParametersOf, hashPassword, needsRehash, verifyPassword, type Argon2Parameters } from './password-hashing';

/**
 * The one place identity hashes and checks passwords, with the configured
 * argon2id parameters. A sign-in for an account that cannot sign in (unknown,
 * locked, deactivated) still spends one verification, against a decoy hash
 * made with the same parameters, so its answer takes as long as a wrong
 * password's and does not tell which accounts exist.
 */
@Injectable()
export class PasswordHasher {
  readonly parameters: Argon2Parameters;
  private decoy: Promise<string> | null = null;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.parameters = argon2ParametersOf(config);
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.parameters);
  }

  /** Checks `password` against `storedHash`, or against the decoy when there is no hash to check (never true then). */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    this.decoy ??= hashPassword('decoy password that matches no account', this.parameters);
    const ok = await verifyPassword(storedHash ?? (await this.decoy), password);
    return storedHash !== null && ok;
  }

  needsRehash(storedHash: string): boolean {
    return needsRehash(storedHash, this.parameters);
  }
}
