import { execFileSync } from 'node:child_process';
import { TestPlatform } from '../support/platform';

/** The harness itself: a platform that fails to boot stops what it started, so jest can exit (CI once hung on this). */
describe('test platform', () => {
  it('a boot that fails leaves no process of it running', async () => {
    const marker = `boot-failure-${process.pid}`;
    const started = TestPlatform.start({
      services: ['ticketing', 'identity'],
      workflowWorker: false,
      // identity refuses to start without a valid signing key; ticketing starts fine and must be stopped again.
      envFor: { identity: { IDENTITY_SIGNING_KEY: 'not-a-key' } },
      env: { VIGIL_TEST_MARKER: marker },
    });
    await expect(started).rejects.toThrow(/identity/);
    const running = execFileSync('ps', ['-eo', 'args', 'e'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
    expect(running).toEqual([]);
  }, 120_000);
});
