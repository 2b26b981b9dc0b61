import { testClock } from './clock';
import { hotp, totpStep } from '../../services/identity/src/totp/totp';

/**
 * Signs a staff user in through the gateway like an authenticator app user
 * would: each sign-in uses a TOTP step newer than the last one used, waiting
 * for the next 30-second step only when none is left.
 */
export class StaffSession {
  private lastStep = -1;

  constructor(private readonly gatewayUrl: string, private readonly email: string, private readonly totpSecret: Buffer) {}

  /**
   * The current step, or the next one if the current is used up; never the
   * previous step, which a step boundary passing mid-request would make two
   * steps old and invalid. Only a successful sign-in uses a step up.
   */
  private async nextStep(): Promise<number> {
    for (;;) {
      const current = totpStep(testClock.now());
      const step = Math.max(current, this.lastStep + 1);
      if (step <= current + 1) return step;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async signIn(password: string, headers: Record<string, string> = {}): Promise<Response> {
    const step = await this.nextStep();
    const response = await this.signInWithCode(password, hotp(this.totpSecret, step), headers);
    if (response.status === 200) this.lastStep = step;
    return response;
  }

  /** A sign-in attempt with a given code (e.g. one meant to fail), optionally through a proxy naming another client (`x-forwarded-for`). */
  signInWithCode(password: string, totpCode: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.gatewayUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: this.email, password, totpCode }),
    });
  }

  async accessToken(password: string): Promise<{ accessToken: string; passwordChangeRequired: boolean }> {
    const response = await this.signIn(password);
    if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    return (await response.json()) as { accessToken: string; passwordChangeRequired: boolean };
  }
}
