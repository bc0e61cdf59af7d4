import { describe, expect, it } from 'vitest';
import { stampAwarenessState } from './awareness-policy';

describe('stampAwarenessState (SYNC-AWARENESS-2)', () => {
  const sender = { userId: 'u-pip', name: 'Pip' };

  it("SYNC-AWARENESS-2: overrides the client's user id and name, keeps everything else", () => {
    const state = { user: { userId: 'u-gm', name: 'Gemma the GM', color: '#b91c1c' }, cursor: { anchor: 1, head: 3 } };
    expect(stampAwarenessState(state, sender)).toEqual({ user: { userId: 'u-pip', name: 'Pip', color: '#b91c1c' }, cursor: { anchor: 1, head: 3 } });
    expect(state.user.userId).toBe('u-gm'); // the received state is not mutated
  });

  it('SYNC-AWARENESS-2: adds a user to states without one, and wraps states that are not objects', () => {
    expect(stampAwarenessState({ cursor: null }, sender)).toEqual({ cursor: null, user: { userId: 'u-pip', name: 'Pip' } });
    expect(stampAwarenessState({ user: 'Gemma' }, sender)).toEqual({ user: { userId: 'u-pip', name: 'Pip' } });
    expect(stampAwarenessState(['not', 'an', 'object'], sender)).toEqual({ user: { userId: 'u-pip', name: 'Pip' } });
    expect(stampAwarenessState(42, sender)).toEqual({ user: { userId: 'u-pip', name: 'Pip' } });
  });

  it('keeps the sent name when the session has none, and a __proto__ key stays plain data', () => {
    expect(stampAwarenessState({ user: { name: 'Pip' } }, { userId: 'u-pip' })).toEqual({ user: { name: 'Pip', userId: 'u-pip' } });
    const stamped = stampAwarenessState(JSON.parse('{"__proto__":{"polluted":true},"user":{}}'), sender);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(stamped))).toMatchObject({ user: { userId: 'u-pip' } });
  });
});
