import { expect, it } from 'vitest';
import type { ConformanceContext } from './context';
import { waitFor } from './context';
import { expectDatabaseError } from './expect-error';

/** Subscribes to a fresh channel and records what arrives. */
async function recorder(ctx: ConformanceContext, channel = ctx.unique('ch')) {
  const received: string[] = [];
  const unlisten = await ctx.db().listen(channel, (payload) => received.push(payload));
  return { channel, received, unlisten };
}

export function notifyTests(ctx: ConformanceContext): void {
  it('delivers payloads in order, and nothing after unsubscribe', async () => {
    const db = ctx.db();
    const main = await recorder(ctx);
    const sentinel = await recorder(ctx);
    await db.notify(main.channel, 'one');
    await db.notify(main.channel, '{"two":2} ✓');
    await db.notify(main.channel, '');
    await waitFor(() => main.received.length === 3, 'three notifications');
    expect(main.received).toEqual(['one', '{"two":2} ✓', '']);

    await main.unlisten();
    await db.notify(main.channel, 'too late');
    // Notifications arrive in send order, so once the later sentinel is in, 'too late' would be too.
    await db.notify(sentinel.channel, 'done');
    await waitFor(() => sentinel.received.length === 1, 'the sentinel');
    expect(main.received).toEqual(['one', '{"two":2} ✓', '']);
    await sentinel.unlisten();
  });

  it('serves several subscribers of one channel independently', async () => {
    const db = ctx.db();
    const first = await recorder(ctx);
    const second = await recorder(ctx, first.channel);
    const sentinel = await recorder(ctx);
    await db.notify(first.channel, 'both');
    await waitFor(() => first.received.length === 1 && second.received.length === 1, 'both subscribers');

    await first.unlisten();
    await first.unlisten();
    await db.notify(first.channel, 'second only');
    await db.notify(sentinel.channel, 'done');
    await waitFor(() => sentinel.received.length === 1 && second.received.length === 2, 'the sentinel');
    expect(first.received).toEqual(['both']);
    expect(second.received).toEqual(['both', 'second only']);
    await second.unlisten();
    await sentinel.unlisten();
  });

  it('keeps delivering to other subscribers when a handler throws', async () => {
    const db = ctx.db();
    const channel = ctx.unique('ch');
    const unlistenThrower = await db.listen(channel, () => {
      throw new Error('handler bug');
    });
    const healthy = await recorder(ctx, channel);
    await db.notify(channel, 'a');
    await db.notify(channel, 'b');
    await waitFor(() => healthy.received.length === 2, 'both payloads');
    expect(healthy.received).toEqual(['a', 'b']);
    await unlistenThrower();
    await healthy.unlisten();
  });

  it('delivers a notification sent in a transaction on commit only', async () => {
    const db = ctx.db();
    const main = await recorder(ctx);
    const sentinel = await recorder(ctx);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('SELECT pg_notify($1, $2)', [main.channel, 'rolled back']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_notify($1, $2)', [main.channel, 'committed']);
    });
    await waitFor(() => main.received.length >= 1, 'the committed notification');
    await db.notify(sentinel.channel, 'done');
    await waitFor(() => sentinel.received.length === 1, 'the sentinel');
    expect(main.received).toEqual(['committed']);
    await main.unlisten();
    await sentinel.unlisten();
  });

  it('delivers as usual to a subscriber that asks to hear about reconnects', async () => {
    const db = ctx.db();
    const channel = ctx.unique('ch');
    const received: string[] = [];
    let reconnects = 0;
    const unlisten = await db.listen(channel, (payload) => received.push(payload), { onReconnect: () => (reconnects += 1) });
    await db.notify(channel, 'hello');
    await waitFor(() => received.length === 1, 'the notification');
    expect(received).toEqual(['hello']);
    expect(reconnects).toBe(0);
    await unlisten();
  });

  it('accepts only lower-case identifiers as channel names', async () => {
    const db = ctx.db();
    for (const bad of ['Mixed', 'has space', 'semi;colon', '', '1digit', 'x'.repeat(64)]) {
      await expectDatabaseError(db.listen(bad, () => undefined));
      await expectDatabaseError(db.notify(bad, 'payload'));
    }
  });
}
