import { describe, expect, it } from 'vitest';
import { canEdit } from './roles';

describe('roles', () => {
  it('lets players and the GM edit, not viewers', () => {
    expect(canEdit('gm')).toBe(true);
    expect(canEdit('player')).toBe(true);
    expect(canEdit('viewer')).toBe(false);
  });
});
