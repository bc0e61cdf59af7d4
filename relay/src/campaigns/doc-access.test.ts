import { describe, expect, it } from 'vitest';
import { docAccess } from './doc-access';
import type { DocAccess, DocKind } from './doc-access';
import type { CampaignRole } from '@rpg-bot/contracts';

const me = 'user-1';
const other = 'user-2';

const table: readonly (readonly [CampaignRole | null, DocKind, string | null, DocAccess])[] = [
  ['gm', 'shared', null, 'write'],
  ['player', 'shared', null, 'write'],
  ['viewer', 'shared', null, 'read'],
  [null, 'shared', null, 'none'],
  ['gm', 'gm', null, 'write'],
  ['player', 'gm', null, 'none'],
  ['viewer', 'gm', null, 'none'],
  [null, 'gm', null, 'none'],
  ['gm', 'private', me, 'write'],
  ['player', 'private', me, 'write'],
  ['viewer', 'private', me, 'write'],
  [null, 'private', me, 'none'],
  ['gm', 'private', other, 'none'],
  ['player', 'private', other, 'none'],
  ['viewer', 'private', other, 'none'],
  ['gm', 'private', null, 'none'],
];

describe('docAccess', () => {
  it.each(table)('role %s, %s doc owned by %s → %s', (role, kind, owner, expected) => {
    expect(docAccess(role, kind, owner, me)).toBe(expected);
  });
});
