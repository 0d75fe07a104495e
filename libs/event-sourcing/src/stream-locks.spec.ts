import { StreamLocks } from './stream-locks';

/** Lets every promise callback that is ready run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('stream locks: the commands of one process take a stream in turn', () => {
  it('given a stream held, when others ask for it, then they get it one at a time in the order they asked', async () => {
    const locks = new StreamLocks();
    const order: number[] = [];
    const first = await locks.acquire(['fund-general']);
    const waiting = [1, 2, 3, 4].map(async (n) => {
      const held = await locks.acquire(['fund-general']);
      order.push(n);
      await settle();
      held.release();
    });
    await settle();
    expect(order).toEqual([]);
    first.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('given a holder that fails, when it releases in its finally, then the next in line goes on', async () => {
    const locks = new StreamLocks();
    const run = async (fail: boolean): Promise<string> => {
      const held = await locks.acquire(['fund-general']);
      try {
        await settle();
        if (fail) throw new Error('refused');
        return 'done';
      } finally {
        held.release();
      }
    };
    const outcomes = await Promise.allSettled([run(false), run(true), run(false)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('given two commands naming the same streams in opposite order, then both finish (sorted, never crosswise)', async () => {
    const locks = new StreamLocks();
    const both = Promise.all(
      [
        ['a', 'b'],
        ['b', 'a'],
      ].map(async (streams) => {
        const held = await locks.acquire(streams);
        await settle();
        held.release();
        return [...held.streams];
      }),
    );
    await expect(both).resolves.toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('lets commands on other streams run while one stream is held', async () => {
    const locks = new StreamLocks();
    const fund = await locks.acquire(['fund-general']);
    const other = await locks.acquire(['fund-housing', 'request-1']);
    expect([...other.streams]).toEqual(['fund-housing', 'request-1']);
    other.release();
    fund.release();
  });

  it('keeps no entry for a stream nobody holds or awaits, and a second release hands nothing on twice', async () => {
    const locks = new StreamLocks();
    const first = await locks.acquire(['request-1', 'fund-general']);
    expect(locks.size).toBe(2);
    let holding = 0;
    let most = 0;
    const queued = Array.from({ length: 20 }, async () => {
      const held = await locks.acquire(['fund-general']);
      most = Math.max(most, ++holding);
      await settle();
      holding--;
      held.release();
    });
    first.release();
    first.release();
    await Promise.all(queued);
    expect(most).toBe(1);
    expect(locks.size).toBe(0);
  });
});
