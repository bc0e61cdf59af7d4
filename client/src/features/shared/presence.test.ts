import { describe, expect, it } from 'vitest';
import { colorFor, parsePresenceUser, presenceUserFor, presentUsers } from './presence';

describe('colorFor', () => {
  it('gives the same user the same colour every time', () => {
    expect(colorFor('user-1')).toEqual(colorFor('user-1'));
    expect(colorFor('user-1').colorLight).toBe(`${colorFor('user-1').color}33`);
  });

  it('spreads users over the palette', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => colorFor(`user-${String(i)}`).color));
    expect(colours.size).toBeGreaterThan(3);
  });
});

describe('parsePresenceUser', () => {
  it('accepts the state this client publishes', () => {
    const user = presenceUserFor({ userId: 'u1', name: 'Alice' });
    expect(parsePresenceUser({ user })).toEqual(user);
  });

  it('ignores states without a usable user', () => {
    expect(parsePresenceUser(null)).toBeNull();
    expect(parsePresenceUser({})).toBeNull();
    expect(parsePresenceUser({ user: { name: 'No id' } })).toBeNull();
    expect(parsePresenceUser({ user: { userId: 'u1', name: '   ' } })).toBeNull();
  });

  it('fills in colours a remote client left out', () => {
    expect(parsePresenceUser({ user: { userId: 'u2', name: 'Bob' } })).toEqual({ userId: 'u2', name: 'Bob', ...colorFor('u2') });
  });

  it("derives colours from the id, never from the state (nobody wears another member's colour)", () => {
    expect(parsePresenceUser({ user: { userId: 'u2', name: 'Bob', color: colorFor('u1').color, colorLight: 'x' } })).toEqual({ userId: 'u2', name: 'Bob', ...colorFor('u2') });
  });
});

describe('presentUsers', () => {
  it('lists each person once, the local user first, then by name', () => {
    const states = new Map<number, unknown>([
      [1, { user: presenceUserFor({ userId: 'z', name: 'Zoe' }) }],
      [2, { user: presenceUserFor({ userId: 'me', name: 'Me' }) }],
      [3, { user: presenceUserFor({ userId: 'a', name: 'Ann' }) }],
      [4, { user: presenceUserFor({ userId: 'z', name: 'Zoe' }) }],
      [5, { cursor: null }],
    ]);
    expect(presentUsers(states, 'me').map((u) => u.name)).toEqual(['Me', 'Ann', 'Zoe']);
  });
});
