import { expect, it } from 'vitest';
import type { ConformanceContext } from './context';
import { expectDatabaseError } from './expect-error';

export function typeTests(ctx: ConformanceContext): void {
  it('decodes the documented scalar types', async () => {
    const { rows } = await ctx.db().query(`
      SELECT 12::int2 AS i2, (-2147483648)::int4 AS i4, 9007199254740991::int8 AS i8max,
             -9007199254740991::int8 AS i8min, 42::int8 AS i8,
             12345678901234567890.0123456789::numeric AS num, 1.5::float8 AS f8, 0.25::float4 AS f4,
             true AS yes, false AS no,
             '2024-02-29 12:34:56.789+05:30'::timestamptz AS tstz,
             '2024-02-29 12:34:56.789'::timestamp AS ts,
             '{"a":[1,"x",null],"b":{"c":true}}'::json AS j, '{"b":2,"a":1}'::jsonb AS jb, '"str"'::jsonb AS jstr,
             '\\x00ff10'::bytea AS bin, 'héllo ✓ "q"'::text AS txt, 'v'::varchar(3) AS vc, 'ab'::char(3) AS ch
    `);
    expect(rows).toEqual([
      {
        i2: 12,
        i4: -2147483648,
        i8max: Number.MAX_SAFE_INTEGER,
        i8min: -Number.MAX_SAFE_INTEGER,
        i8: 42,
        num: '12345678901234567890.0123456789',
        f8: 1.5,
        f4: 0.25,
        yes: true,
        no: false,
        tstz: new Date('2024-02-29T07:04:56.789Z'),
        ts: new Date('2024-02-29T12:34:56.789Z'),
        j: { a: [1, 'x', null], b: { c: true } },
        jb: { a: 1, b: 2 },
        jstr: 'str',
        bin: new Uint8Array([0, 255, 16]),
        txt: 'héllo ✓ "q"',
        vc: 'v',
        ch: 'ab ',
      },
    ]);
    const row = rows[0];
    expect(row?.bin).toBeInstanceOf(Uint8Array);
    expect(row?.tstz).toBeInstanceOf(Date);
  });

  it('decodes NULL of every type as null', async () => {
    const { rows } = await ctx.db().query(`
      SELECT NULL::int2 AS a, NULL::int4 AS b, NULL::int8 AS c, NULL::numeric AS d, NULL::bool AS e,
             NULL::timestamptz AS f, NULL::timestamp AS g, NULL::json AS h, NULL::jsonb AS i,
             NULL::bytea AS j, NULL::text AS k, NULL::int4[] AS l, 'null'::jsonb AS m
    `);
    expect(rows).toEqual([
      { a: null, b: null, c: null, d: null, e: null, f: null, g: null, h: null, i: null, j: null, k: null, l: null, m: null },
    ]);
  });

  it('rejects an int8 beyond Number.MAX_SAFE_INTEGER instead of losing precision', async () => {
    const db = ctx.db();
    const high = await expectDatabaseError(db.query('SELECT 9007199254740993::int8 AS big'));
    expect(high.message).toMatch(/MAX_SAFE_INTEGER/);
    expect(high.message).toMatch(/"big"/);
    await expectDatabaseError(db.query('SELECT -9007199254740992::int8 AS small'));
    await expectDatabaseError(db.query(`SELECT ARRAY[1, 9007199254740993]::int8[] AS list`));
    const { rows } = await db.query('SELECT 9007199254740993::int8::text AS big');
    expect(rows).toEqual([{ big: '9007199254740993' }]);
  });

  it('keeps other types as PostgreSQL text', async () => {
    const { rows } = await ctx.db().query(`
      SELECT '2024-02-29'::date AS d, interval '1 day 2 hours' AS iv,
             '6f1c3c2e-1d4a-4c55-9a43-0b1e8c7e9a10'::uuid AS id, '1.50'::numeric(5,2) AS money
    `);
    expect(rows).toEqual([
      { d: '2024-02-29', iv: '1 day 02:00:00', id: '6f1c3c2e-1d4a-4c55-9a43-0b1e8c7e9a10', money: '1.50' },
    ]);
  });

  it('decodes arrays of the documented types', async () => {
    const { rows } = await ctx.db().query(`
      SELECT ARRAY[1, NULL, 3]::int4[] AS ints, ARRAY[[1,2],[3,4]]::int8[] AS grid, '{}'::int4[] AS empty,
             ARRAY['a,b', 'say "hi"', 'back\\slash', 'NULL', '', '{x}']::text[] AS texts,
             ARRAY[true, false]::bool[] AS flags,
             ARRAY['2024-01-01 00:00:00+00'::timestamptz] AS times,
             ARRAY['{"k":1}'::jsonb, '[2]'::jsonb] AS docs,
             ARRAY['\\x0102'::bytea] AS blobs, ARRAY[1.5]::numeric[] AS nums,
             ARRAY['2024-02-29'::date] AS dates
    `);
    expect(rows).toEqual([
      {
        ints: [1, null, 3],
        grid: [
          [1, 2],
          [3, 4],
        ],
        empty: [],
        texts: ['a,b', 'say "hi"', 'back\\slash', 'NULL', '', '{x}'],
        flags: [true, false],
        times: [new Date('2024-01-01T00:00:00.000Z')],
        docs: [{ k: 1 }, [2]],
        blobs: [new Uint8Array([1, 2])],
        nums: ['1.5'],
        dates: ['2024-02-29'],
      },
    ]);
  });

  it('reads timestamps BC, with second offsets and with microseconds (truncated to milliseconds)', async () => {
    const { rows } = await ctx.db().query<{ bc: Date; micro: Date; epoch: Date }>(`
      SELECT '0044-03-15 12:00:00 BC'::timestamp AS bc,
             '2024-01-01 00:00:00.123456+00'::timestamptz AS micro,
             'epoch'::timestamptz AS epoch
    `);
    const row = rows[0];
    expect(row?.bc.getUTCFullYear()).toBe(-43);
    expect(row?.bc.getUTCMonth()).toBe(2);
    expect(row?.micro.toISOString()).toBe('2024-01-01T00:00:00.123Z');
    expect(row?.epoch.getTime()).toBe(0);
  });

  it('rejects an infinite timestamp with a hint instead of inventing a Date', async () => {
    const error = await expectDatabaseError(ctx.db().query(`SELECT 'infinity'::timestamptz AS forever`));
    expect(error.message).toMatch(/"forever"/);
    expect(error.message).toMatch(/text/);
  });

  it('sends byte parameters binary: every byte value and a MiB arrive intact, in casts, comparisons and functions', async () => {
    const db = ctx.db();
    const t = ctx.unique('bytes');
    await db.exec(`CREATE TABLE ${t} (id int PRIMARY KEY, data bytea NOT NULL)`);
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 31 + 7) % 256);
    const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
    await db.query(`INSERT INTO ${t} VALUES (1, $1), (2, $2), (3, $3::bytea)`, [every, big, view]);
    const { rows } = await db.query<{ id: number; data: Uint8Array; n: number; hex: string }>(
      `SELECT id, data, length(data) AS n, encode(substring(data from 1 for 3), 'hex') AS hex FROM ${t} ORDER BY id`,
    );
    expect(rows.map((row) => [row.id, row.n, row.hex])).toEqual([[1, 256, '000102'], [2, 1024 * 1024, '072645'], [3, 3, '010203']]);
    expect(rows[0]?.data).toEqual(every);
    expect(rows[1]?.data).toEqual(big);
    const matched = await db.query<{ id: number }>(`SELECT id FROM ${t} WHERE data = $1 OR data = $2`, [view, every]);
    expect(matched.rows.map((row) => row.id).sort()).toEqual([1, 3]);
  });

  it('round-trips parameters of every documented JS type', async () => {
    const db = ctx.db();
    const t = ctx.unique('params');
    await db.exec(`CREATE TABLE ${t} (
      at timestamptz, local timestamp, bin bytea, doc jsonb, raw json, tags text[], nums int8[], big int8,
      flag bool, ratio float8, label text, missing text, blobs bytea[], grid int4[][]
    )`);
    const at = new Date('2024-05-06T07:08:09.123Z');
    const bin = new Uint8Array([0, 1, 254, 255]);
    const doc = { name: 'Ada', tags: ['x'], nested: { n: 1 } };
    const tags = ['plain', 'with,comma', 'with "quotes"', 'back\\slash', '', null];
    await db.query(`INSERT INTO ${t} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [
      at,
      at,
      bin,
      doc,
      '[1, 2]',
      tags,
      [1n, 2, null],
      9007199254740991n,
      true,
      0.5,
      'héllo',
      undefined,
      [bin, null],
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const { rows } = await db.query(`SELECT * FROM ${t}`);
    expect(rows).toEqual([
      {
        at,
        local: at,
        bin,
        doc,
        raw: [1, 2],
        tags,
        nums: [1, 2, null],
        big: Number.MAX_SAFE_INTEGER,
        flag: true,
        ratio: 0.5,
        label: 'héllo',
        missing: null,
        blobs: [bin, null],
        grid: [
          [1, 2],
          [3, 4],
        ],
      },
    ]);
  });

  it('binds a JS array as a PostgreSQL array, so JSON arrays must be passed as JSON text', async () => {
    const db = ctx.db();
    await expectDatabaseError(db.query('SELECT $1::jsonb AS doc', [[1, 2]]), '22P02');
    const { rows } = await db.query('SELECT $1::jsonb AS doc', [JSON.stringify([1, 2])]);
    expect(rows).toEqual([{ doc: [1, 2] }]);
  });

  it('rejects an unusable parameter before sending it', async () => {
    const db = ctx.db();
    await expectDatabaseError(db.query('SELECT $1::timestamptz AS at', [new Date(Number.NaN)]));
    await expectDatabaseError(db.query('SELECT $1::text AS f', [Symbol('s')]));
  });
}
