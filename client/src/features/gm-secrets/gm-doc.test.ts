import { describe, expect, it } from 'vitest';
import { gmDocIdFor } from './gm-doc';

describe('gmDocIdFor', () => {
  it('gives the GM the GM doc', () => {
    expect(gmDocIdFor({ role: 'gm', docs: { shared: 's', gm: 'g', private: 'p' } })).toBe('g');
  });

  it('never gives a player or viewer a doc to open, even when an id is present', () => {
    expect(gmDocIdFor({ role: 'player', docs: { shared: 's', gm: 'g', private: 'p' } })).toBeNull();
    expect(gmDocIdFor({ role: 'viewer', docs: { shared: 's', gm: 'g', private: 'p' } })).toBeNull();
    expect(gmDocIdFor({ role: 'gm', docs: { shared: 's', private: 'p' } })).toBeNull();
  });
});
