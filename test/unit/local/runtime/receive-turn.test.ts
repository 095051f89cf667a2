/**
 * The pollers of one queue take turns to receive: one request at a time, in the order asked, and a
 * failed receive (a stop, a server gone) hands the turn on instead of keeping it.
 */
import { describe, expect, it } from 'vitest';
import { receiveTurn } from '../../../../local/runtime/sqs-poller.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('receiveTurn', () => {
  it('runs one receive at a time, in the order asked', async () => {
    const turn = receiveTurn();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const receive = (n: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      order.push(n);
      running -= 1;
      return n;
    };
    const results = await Promise.all([1, 2, 3].map((n) => turn(receive(n))));
    expect(results).toEqual([1, 2, 3]);
    expect(order).toEqual([1, 2, 3]);
    expect(most).toBe(1);
  });

  it('hands the turn on after a receive fails, and the failure reaches its own caller', async () => {
    const turn = receiveTurn();
    const failed = turn(async () => {
      await tick();
      throw new Error('aborted');
    });
    const next = turn(async () => 'next');
    await expect(failed).rejects.toThrow('aborted');
    await expect(next).resolves.toBe('next');
  });

  it('gives each queue its own turn: a long poll on one does not hold another', async () => {
    const a = receiveTurn();
    const b = receiveTurn();
    let release!: () => void;
    const held = a(() => new Promise<void>((r) => (release = r)));
    await expect(b(async () => 'other queue')).resolves.toBe('other queue');
    release();
    await held;
  });
});
