import { clockFromEnvironment } from '../../libs/platform/clock/src';

/**
 * The tests' "now": the same clock the services run on, shifted with them by
 * VIGIL_CLOCK_OFFSET_MS in the date-shifted run (deploy/scripts/test-dates.sh),
 * so alert times, token lifetimes and TOTP codes agree with the platform's.
 */
export const testClock = clockFromEnvironment();
