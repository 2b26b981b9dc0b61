/** Prints the demo staff user's current TOTP code (what an authenticator app would show). */
import { clockFromEnvironment } from '../../libs/platform/clock/src';
import { hotp, totpStep } from '../../services/identity/src/totp/totp';

const secret = process.env['VIGIL_DEMO_STAFF_TOTP_SECRET'];
if (!secret) {
  console.error('VIGIL_DEMO_STAFF_TOTP_SECRET is not set: source .vigil/dev.env first');
  process.exit(1);
}
console.log(hotp(Buffer.from(secret, 'hex'), totpStep(clockFromEnvironment().now())));
