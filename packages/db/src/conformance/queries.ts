import { expect, it } from 'vitest';
import type { ConformanceContext } from './context';
import { expectDatabaseError } from './expect-error';

export function queryTests(ctx: ConformanceContext): void {
  it('runs a parameterised statement and reports row counts', async () => {
    const db = ctx.db();
    const t = ctx.unique('people');
    await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY, name text NOT NULL)`);

    const inserted = await db.query<{ id: number; name: string }>(
      `INSERT INTO ${t} (id, name) VALUES ($1, $2), ($3, $4) RETURNING id, name`,
      [1, 'Ada', 2, 'Brom'],
    );
    expect(inserted.rows).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Brom' },
    ]);
    expect(inserted.rowCount).toBe(2);

    const selected = await db.query<{ name: string }>(`SELECT name FROM ${t} WHERE id = $1`, [2]);
    expect(selected.rows).toEqual([{ name: 'Brom' }]);
    expect(selected.rowCount).toBe(1);

    expect((await db.query(`UPDATE ${t} SET name = upper(name)`)).rowCount).toBe(2);
    expect((await db.query(`DELETE FROM ${t} WHERE id = $1`, [1])).rowCount).toBe(1);
    expect((await db.query(`SELECT * FROM ${t} WHERE id = $1`, [99])).rows).toEqual([]);
    expect((await db.query(`CREATE INDEX ON ${t} (name)`)).rowCount).toBe(0);
  });

  it('treats a parameter as a value, never as SQL', async () => {
    const db = ctx.db();
    const hostile = "x'); DROP TABLE pg_class; --";
    const { rows } = await db.query<{ v: string }>('SELECT $1::text AS v', [hostile]);
    expect(rows).toEqual([{ v: hostile }]);
  });

  it('rejects several statements in one query (42601), as the extended protocol does', async () => {
    await expectDatabaseError(ctx.db().query('SELECT 1; SELECT 2'), '42601');
  });

  it('runs a multi-statement script with exec, including dollar-quoted bodies', async () => {
    const db = ctx.db();
    const t = ctx.unique('script');
    await db.exec(`
      CREATE TABLE ${t} (n int);
      INSERT INTO ${t} VALUES (1);
      INSERT INTO ${t} VALUES (2);
      CREATE FUNCTION ${t}_double(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN x * 2; END; $$;
    `);
    const { rows } = await db.query<{ total: number }>(`SELECT ${t}_double(sum(n)::int) AS total FROM ${t}`);
    expect(rows).toEqual([{ total: 6 }]);
  });

  it('wraps a failing exec as a DatabaseError with the SQLSTATE', async () => {
    await expectDatabaseError(ctx.db().exec('SELECT 1; SELECT * FROM no_such_table_anywhere;'), '42P01');
  });

  it('reports a unique violation as 23505 with the constraint name and the driver error as cause', async () => {
    const db = ctx.db();
    const t = ctx.unique('uniq');
    await db.exec(`CREATE TABLE ${t} (email text CONSTRAINT ${t}_email_key UNIQUE)`);
    await db.query(`INSERT INTO ${t} VALUES ($1)`, ['a@example.org']);
    const error = await expectDatabaseError(db.query(`INSERT INTO ${t} VALUES ($1)`, ['a@example.org']), '23505');
    expect(error.constraint).toBe(`${t}_email_key`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(Error);
  });

  it('reports a syntax error as 42601 and an unknown table as 42P01', async () => {
    const db = ctx.db();
    const syntax = await expectDatabaseError(db.query('SELEC 1'), '42601');
    expect(syntax.message).toMatch(/syntax error/);
    await expectDatabaseError(db.query('SELECT * FROM no_such_table_anywhere'), '42P01');
  });

  it('answers ping', async () => {
    await expect(ctx.db().ping()).resolves.toBeUndefined();
  });

  it('tells which extensions it can create', async () => {
    const db = ctx.db();
    expect(await db.hasExtension('plpgsql')).toBe(true);
    expect(await db.hasExtension('no_such_extension_anywhere')).toBe(false);
  });
}
