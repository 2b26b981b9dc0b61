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

describe('WakeableLoop with gatherMs', () => {
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('after a round that did work, waits gatherMs whatever kicks arrive, and stop ends the wait', async () => {
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => (rounds++, 1), 60_000, 60_000);
    loop.start();
    await until(() => rounds === 1);
    loop.kick();
    loop.kick();
    await turns(50);
    expect(rounds).toBe(1); // gathering: the kicks wait for the pause to end
    await loop.stop(); // returns at once, not after a minute
    expect(rounds).toBe(1);
  });

  it('after a full round (its whole batch) goes on at once; after a partial one it gathers again', async () => {
    const batches = [5, 5, 3, 5];
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => batches[rounds++] ?? 0, 60_000, 60_000, 5);
    loop.start();
    await until(() => rounds === 3); // two full rounds, then the partial one, with no pause between
    await turns(50);
    expect(rounds).toBe(3); // the partial round is followed by the pause
    await loop.stop();
  });

  it('after a round that found nothing, a kick still wakes it at once', async () => {
    let rounds = 0;
    const loop = new WakeableLoop('test', async () => (rounds++, 0), 60_000, 60_000);
    loop.start();
    await until(() => rounds === 1);
    loop.kick();
    await until(() => rounds === 2);
    await loop.stop();
  });
});
