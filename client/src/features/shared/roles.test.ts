import { describe, expect, it } from 'vitest';
import { canEdit, hasRole } from './roles';

describe('roles', () => {
  it('orders gm > player > viewer', () => {
    expect(hasRole('gm', 'player')).toBe(true);
    expect(hasRole('player', 'gm')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
    expect(hasRole('viewer', 'player')).toBe(false);
  });

  it('lets players and the GM edit, not viewers', () => {
    expect(canEdit('gm')).toBe(true);
    expect(canEdit('player')).toBe(true);
    expect(canEdit('viewer')).toBe(false);
  });
});
