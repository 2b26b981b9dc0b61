import { WakeableLoop } from './wakeable-loop';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setImmediate(r));
};

describe('WakeableLoop', () => {
  it('runs rounds back to back while they find work, and sleeps when idle', async () => {
    const work = [3, 2, 0];
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => {
      rounds++;
      return work.shift() ?? 0;
    }, 60_000);
    loop.start();
    await until(() => rounds === 3);
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(3); // idle now: waits for the (long) poll interval or a kick
    await loop.stop();
  });

  it('wakes on kick() instead of waiting for the poll interval', async () => {
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => {
      rounds++;
      return 0;
    }, 60_000);
    loop.start();
    await until(() => rounds === 1);
    loop.kick();
    await until(() => rounds === 2);
    expect(rounds).toBe(2);
    await loop.stop();
  });

  it('keeps going after a failed round', async () => {
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => {
      rounds++;
      if (rounds === 1) throw new Error('database restarting');
      return 0;
    }, 1);
    loop.start();
    await until(() => rounds >= 2);
    await loop.stop();
    expect(rounds).toBeGreaterThanOrEqual(2);
  });
});
