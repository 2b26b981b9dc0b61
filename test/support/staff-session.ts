import { hotp, totpStep } from '../../services/identity/src/totp/totp';

/**
 * Signs the demo staff user in through the gateway like an authenticator app
 * user would: each sign-in uses a TOTP step newer than the last one used,
 * waiting for the next 30-second step only when none is left.
 */
export class StaffSession {
  private lastStep = -1;

  constructor(private readonly gatewayUrl: string, private readonly email: string, private readonly totpSecret: Buffer) {}

  /** The oldest step still valid and not yet used; only a successful sign-in uses it up. */
  private async nextStep(): Promise<number> {
    for (;;) {
      const current = totpStep(new Date());
      const step = Math.max(current - 1, this.lastStep + 1);
      if (step <= current + 1) return step;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async signIn(password: string): Promise<Response> {
    const step = await this.nextStep();
    const response = await this.signInWithCode(password, hotp(this.totpSecret, step));
    if (response.status === 200) this.lastStep = step;
    return response;
  }

  /** A sign-in attempt with a given code (e.g. one meant to fail). */
  signInWithCode(password: string, totpCode: string): Promise<Response> {
    return fetch(`${this.gatewayUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.email, password, totpCode }),
    });
  }

  async accessToken(password: string): Promise<{ accessToken: string; passwordChangeRequired: boolean }> {
    const response = await this.signIn(password);
    if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    return (await response.json()) as { accessToken: string; passwordChangeRequired: boolean };
  }
}
