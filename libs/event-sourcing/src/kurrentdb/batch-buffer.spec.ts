import { BatchBuffer } from './batch-buffer';

describe('BatchBuffer (pushed subscription events to pulled batches)', () => {
  it('hands out what has arrived, up to the limit, and waits only when empty', async () => {
    const buffer = new BatchBuffer<number>();
    [1, 2, 3].forEach((n) => buffer.push(n));
    expect(await buffer.take(2)).toEqual([1, 2]);
    expect(await buffer.take(10)).toEqual([3]);
    const waiting = buffer.take(10);
    buffer.push(4);
    buffer.push(5);
    // Both arrived before the waiting consumer ran again: one batch.
    expect(await waiting).toEqual([4, 5]);
    expect(buffer.size).toBe(0);
  });

  it('delivers what arrived before a failure, then throws it', async () => {
    const buffer = new BatchBuffer<number>();
    buffer.push(1);
    buffer.fail(new Error('connection dropped'));
    buffer.push(2); // nothing after a failure is trusted
    expect(await buffer.take(10)).toEqual([1]);
    await expect(buffer.take(10)).rejects.toThrow('connection dropped');
  });

  it('a waiting consumer sees a failure at once', async () => {
    const buffer = new BatchBuffer<number>();
    const waiting = buffer.take(10);
    buffer.fail(new Error('boom'));
    await expect(waiting).rejects.toThrow('boom');
  });

  it('close ends the consumer, even with items left (the subscriber aborted)', async () => {
    const buffer = new BatchBuffer<number>();
    const waiting = buffer.take(10);
    buffer.close();
    expect(await waiting).toBeUndefined();
    buffer.push(1);
    expect(await buffer.take(10)).toBeUndefined();
    expect(buffer.size).toBe(0);
  });
});
