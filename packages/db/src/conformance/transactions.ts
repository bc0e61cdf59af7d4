import { expect, it } from 'vitest';
import type { Queryable } from '../database';
import type { ConformanceContext } from './context';
import { yieldTurns } from './context';
import { expectDatabaseError } from './expect-error';

async function names(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${table} ORDER BY name`);
  return rows.map((row) => row.name);
}

export function transactionTests(ctx: ConformanceContext): void {
  const table = async (): Promise<string> => {
    const t = ctx.unique('tx');
    await ctx.db().exec(`CREATE TABLE ${t} (name text PRIMARY KEY)`);
    return t;
  };

  it('commits and returns the callback result', async () => {
    const db = ctx.db();
    const t = await table();
    const result = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['a']);
      await tx.exec(`INSERT INTO ${t} VALUES ('b'); INSERT INTO ${t} VALUES ('c');`);
      return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]?.n;
    });
    expect(result).toBe(3);
    expect(await names(db, t)).toEqual(['a', 'b', 'c']);
  });

  it('rolls back and rethrows the very error the callback threw', async () => {
    const db = ctx.db();
    const t = await table();
    const thrown = new Error('changed my mind');
    const outcome = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['gone']);
      throw thrown;
    });
    await expect(outcome).rejects.toBe(thrown);
    expect(await names(db, t)).toEqual([]);
  });

  it('rolls back after a failing statement and stays usable', async () => {
    const db = ctx.db();
    const t = await table();
    await expectDatabaseError(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['first']);
        await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['first']);
      }),
      '23505',
    );
    expect(await names(db, t)).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['after']);
    });
    expect(await names(db, t)).toEqual(['after']);
  });

  it('does not report success when the callback swallowed a failed statement', async () => {
    const db = ctx.db();
    const t = await table();
    const error = await expectDatabaseError(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['kept?']);
        await tx.query('SELECT * FROM no_such_table_anywhere').catch(() => undefined);
        return 'ok';
      }),
    );
    expect(error.message).toMatch(/rolled back/);
    expect(await names(db, t)).toEqual([]);
  });

  it('refuses the transaction handle after the transaction ended', async () => {
    const db = ctx.db();
    const leaked = await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      return tx;
    });
    await expectDatabaseError(leaked.query('SELECT 1'));
    await expectDatabaseError(leaked.exec('SELECT 1'));
  });

  it('refuses calls to the Database from inside its own transaction, and the transaction goes on', async () => {
    const db = ctx.db();
    const t = await table();
    await db.transaction(async (tx) => {
      const error = await expectDatabaseError(db.query('SELECT 1'));
      expect(error.message).toMatch(/tx/);
      await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['still-here']);
    });
    expect(await names(db, t)).toEqual(['still-here']);
  });

  it('keeps a statement issued by another caller out of a running transaction', async () => {
    const db = ctx.db();
    const t = await table();
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const rolledBack = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${t} VALUES ($1)`, ['inside']);
      inside();
      await yieldTurns(20);
      throw new Error('roll back');
    });
    await started;
    const outside = db.query(`INSERT INTO ${t} VALUES ($1)`, ['outside']);
    await expect(rolledBack).rejects.toThrow('roll back');
    await outside;
    expect(await names(db, t)).toEqual(['outside']);
  });

  it('never shows a transaction the uncommitted rows of another', async () => {
    const db = ctx.db();
    const t = await table();
    const finished = new Set<string>();
    const violations: string[] = [];
    const worker = (name: string) =>
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${t} VALUES ($1)`, [name]);
        await yieldTurns(10);
        for (const seen of await names(tx, t)) {
          if (seen !== name && !finished.has(seen)) violations.push(`${name} saw uncommitted ${seen}`);
        }
        await tx.query(`INSERT INTO ${t} VALUES ($1)`, [`${name}-2`]);
        finished.add(name);
        finished.add(`${name}-2`);
      });
    await Promise.all(['w1', 'w2', 'w3', 'w4'].map(worker));
    expect(violations).toEqual([]);
    expect(await names(db, t)).toEqual(['w1', 'w1-2', 'w2', 'w2-2', 'w3', 'w3-2', 'w4', 'w4-2']);
  });

  it('loses no update when concurrent transactions read-modify-write one row', async () => {
    const db = ctx.db();
    const t = ctx.unique('counter');
    await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY, n int NOT NULL); INSERT INTO ${t} VALUES (1, 0);`);
    const increment = () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>(`SELECT n FROM ${t} WHERE id = 1 FOR UPDATE`);
        await yieldTurns(2);
        await tx.query(`UPDATE ${t} SET n = $1 WHERE id = 1`, [(rows[0]?.n ?? 0) + 1]);
      });
    await Promise.all(Array.from({ length: 8 }, increment));
    expect((await db.query(`SELECT n FROM ${t}`)).rows).toEqual([{ n: 8 }]);
  });
}
