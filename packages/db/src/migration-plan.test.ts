import { describe, expect, it } from 'vitest';
import { DatabaseError } from './errors';
import { checkMigrations, checkTableName, checksumOf, compareMigrationIds, mergeMigrations, nextMigration, renamesToAdopt } from './migration-plan';

const list = checkMigrations([
  { id: '0001_a', sql: 'CREATE TABLE a (x int);' },
  { id: '0002_b', sql: 'CREATE TABLE b (x int);' },
  { id: '0003_c', sql: 'CREATE TABLE c (x int);' },
]);
const applied = (...ids: string[]) =>
  ids.map((id) => ({ id, checksum: list.find((m) => m.id === id)?.checksum ?? '' }));

describe('checkMigrations', () => {
  it('adds the sha256 of the SQL', () => {
    expect(list[0]?.checksum).toBe(checksumOf('CREATE TABLE a (x int);'));
    expect(checksumOf('x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects malformed ids, duplicates, wrong order and empty SQL', () => {
    const cases: [string, { id: string; sql: string }[]][] = [
      ['Invalid migration id', [{ id: '', sql: 'x' }]],
      ['Invalid migration id', [{ id: '0001 a', sql: 'x' }]],
      ['appears twice', [{ id: '0001_a', sql: 'x' }, { id: '0001_a', sql: 'y' }]],
      ['sorted', [{ id: '0002_b', sql: 'x' }, { id: '0001_a', sql: 'y' }]],
      ['no SQL', [{ id: '0001_a', sql: '\n' }]],
    ];
    for (const [message, migrations] of cases) {
      expect(() => checkMigrations(migrations), message).toThrow(message);
    }
    expect(checkMigrations([])).toEqual([]);
  });
});

describe('mergeMigrations', () => {
  it('merges the lists of several features into one list in id order', () => {
    const sync = [{ id: 'svc.0001_a', sql: 'a' }, { id: 'svc.0004_d', sql: 'd' }];
    const party = [{ id: 'svc.0002_b', sql: 'b' }];
    const auth = [{ id: 'svc.0003_c', sql: 'c' }];
    const merged = mergeMigrations(sync, party, auth);
    expect(merged.map((m) => m.id)).toEqual(['svc.0001_a', 'svc.0002_b', 'svc.0003_c', 'svc.0004_d']);
    expect(() => checkMigrations(merged)).not.toThrow();
    expect(sync.map((m) => m.id)).toEqual(['svc.0001_a', 'svc.0004_d']);
  });

  it('refuses an id that two features both use', () => {
    expect(() => mergeMigrations([{ id: '0001_a', sql: 'x' }], [{ id: '0001_a', sql: 'y' }])).toThrow(DatabaseError);
    expect(() => mergeMigrations([{ id: '0001_a', sql: 'x' }], [{ id: '0001_a', sql: 'y' }])).toThrow('appears twice');
  });
});

describe('checkTableName', () => {
  it('accepts lower-case identifiers only', () => {
    expect(() => {
      checkTableName('schema_migrations');
    }).not.toThrow();
    for (const bad of ['Schema', 'a-b', 'a;drop', '', 'public.schema_migrations']) {
      expect(() => {
        checkTableName(bad);
      }, bad).toThrow(DatabaseError);
    }
  });
});

describe('nextMigration', () => {
  it('returns the first pending migration, or undefined when all are applied', () => {
    expect(nextMigration(list, [], 't')?.id).toBe('0001_a');
    expect(nextMigration(list, applied('0001_a'), 't')?.id).toBe('0002_b');
    expect(nextMigration(list, applied('0001_a', '0002_b', '0003_c'), 't')).toBeUndefined();
  });

  it('ignores applied ids it does not know', () => {
    const foreign = [...applied('0001_a'), { id: '9999_other_service', checksum: 'x' }];
    expect(nextMigration(list, foreign, 't')?.id).toBe('0002_b');
  });

  it('rejects a changed applied migration, naming it', () => {
    expect(() => nextMigration(list, [{ id: '0001_a', checksum: checksumOf('changed') }], 't')).toThrow(
      /0001_a was changed after it was applied/,
    );
  });

  it('rejects a pending migration that sorts before an applied one', () => {
    expect(() => nextMigration(list, applied('0001_a', '0003_c'), 't')).toThrow(/0002_b is pending but 0003_c/);
  });
});

describe('numbered ids and scopes', () => {
  it('sorts by the leading number, not as text', () => {
    const ids = ['10_j', '9_i', '0002_b', '0001_a', 'x_unnumbered'];
    expect([...ids].sort(compareMigrationIds)).toEqual(['0001_a', '0002_b', '9_i', '10_j', 'x_unnumbered']);
    expect(mergeMigrations([{ id: '10_j', sql: 'j' }], [{ id: '9_i', sql: 'i' }]).map((m) => m.id)).toEqual(['9_i', '10_j']);
    expect(() => checkMigrations([{ id: '9_i', sql: 'i' }, { id: '10_j', sql: 'j' }])).not.toThrow();
  });

  it('records a scoped list under scope.id and demands plain numbered ids', () => {
    const scoped = checkMigrations([{ id: '0001_a', sql: 'a' }, { id: '0002_b', sql: 'b' }], 'relay');
    expect(scoped.map((m) => m.id)).toEqual(['relay.0001_a', 'relay.0002_b']);
    for (const id of ['relay.v0003_c', 'sync.0001_x', 'v0004_d', '0005-Dash']) {
      expect(() => checkMigrations([{ id, sql: 'x' }], 'relay'), id).toThrow(/numbered/);
    }
    expect(() => checkMigrations([{ id: '0001_a', sql: 'a' }, { id: '0001_b', sql: 'b' }], 'relay')).toThrow(/share a number/);
    expect(() => checkMigrations([{ id: '0001_a', sql: 'a' }], 'Relay!')).toThrow(/scope/);
  });

  it('refuses a former id that another migration also claims', () => {
    expect(() =>
      checkMigrations([
        { id: '0001_a', sql: 'a', formerly: ['old.a'] },
        { id: '0002_b', sql: 'b', formerly: ['old.a'] },
      ]),
    ).toThrow(/claimed twice/);
  });
});

describe('former ids', () => {
  const renamed = checkMigrations(
    [
      { id: '0001_a', sql: 'CREATE TABLE a (x int);' },
      { id: '0002_b', sql: 'CREATE TABLE b (x int);', formerly: ['svc.sync.0001_b'] },
      { id: '0003_c', sql: 'CREATE TABLE c (x int);' },
    ],
    'svc',
  );
  const old = (id: string, sql: string) => ({ id, checksum: checksumOf(sql) });

  it('counts a migration recorded under a former id as applied, and names the rows to rename', () => {
    const applied = [old('svc.0001_a', 'CREATE TABLE a (x int);'), old('svc.sync.0001_b', 'CREATE TABLE b (x int);')];
    expect(nextMigration(renamed, applied, 't')?.id).toBe('svc.0003_c');
    expect(renamesToAdopt(renamed, applied, 't')).toEqual([{ from: 'svc.sync.0001_b', to: 'svc.0002_b' }]);
  });

  it('renames nothing once the new id is recorded', () => {
    const applied = [old('svc.0002_b', 'CREATE TABLE b (x int);'), old('svc.sync.0001_b', 'CREATE TABLE b (x int);')];
    expect(renamesToAdopt(renamed, applied, 't')).toEqual([]);
  });

  it('refuses a former id whose recorded SQL differs', () => {
    const applied = [old('svc.sync.0001_b', 'CREATE TABLE b (y text);')];
    expect(() => renamesToAdopt(renamed, applied, 't')).toThrow(/svc.0002_b \(recorded as svc.sync.0001_b\) was changed/);
    expect(() => nextMigration(renamed, applied, 't')).toThrow(/was changed/);
  });
});
