import { expect, it } from 'vitest';
import type { ConformanceContext } from './context';
import { expectDatabaseError } from './expect-error';

/** Runs last: it closes the suite's database. */
export function lifecycleTests(ctx: ConformanceContext): void {
  it('closes idempotently and then rejects every call', async () => {
    const db = ctx.db();
    const channel = ctx.unique('ch');
    const unlisten = await db.listen(channel, () => undefined);
    await db.close();
    await db.close();
    await unlisten();
    const closed = await expectDatabaseError(db.query('SELECT 1'));
    expect(closed.message).toMatch(/closed/);
    await expectDatabaseError(db.exec('SELECT 1'));
    await expectDatabaseError(db.transaction(async () => Promise.resolve()));
    await expectDatabaseError(db.ping());
    await expectDatabaseError(db.notify(channel, 'x'));
    await expectDatabaseError(db.listen(channel, () => undefined));
    await expectDatabaseError(db.hasExtension('plpgsql'));
  });
}
