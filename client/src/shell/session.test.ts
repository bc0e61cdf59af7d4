import type { Session } from '@rpg-bot/contracts';
import { ManualTimers } from '@rpg-bot/kit/testing';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { SESSION_STORAGE_KEY, SessionManager } from './session';
import type { KeyValueStorage } from './session';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function wireSession(clock: ManualTimers, token: string, lifetimeMs = 900_000): Session {
  return { token, expiresAt: new Date(clock.now + lifetimeMs).toISOString(), user: { id: 'dev:1', name: 'Ada' } };
}

function setup(refresh: (token: string) => Promise<Session>) {
  const storage = new MemoryStorage();
  const clock = new ManualTimers(Date.parse('2026-12-01T10:00:00.000Z'));
  const calls: string[] = [];
  const manager = new SessionManager({
    storage,
    now: () => clock.now,
    timers: clock,
    refresh: (token) => {
      calls.push(token);
      return refresh(token);
    },
  });
  return { storage, clock, calls, manager };
}

describe('SessionManager', () => {
  it('keeps the session on the device and restores it in a new manager (a reload)', () => {
    const { storage, clock, manager } = setup(() => Promise.reject(new Error('unused')));
    manager.signIn(wireSession(clock, 't1'));
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY) ?? 'null')).toMatchObject({ token: 't1', user: { name: 'Ada' } });

    const again = new SessionManager({ storage, now: () => clock.now, timers: clock, refresh: () => Promise.reject(new Error('unused')) });
    expect(again.current()?.token).toBe('t1');
  });

  it('schedules the refresh two minutes before expiry and replaces the token', async () => {
    let issued = 1;
    const { clock, calls, manager } = setup(() => Promise.resolve(wireSession(clock, `t${String(++issued)}`)));
    manager.signIn(wireSession(clock, 't1'));
    expect(manager.refreshDueAt()).toBe(clock.now + 900_000 - 120_000);

    clock.advance(900_000 - 120_001);
    await flush();
    expect(calls).toEqual([]);
    clock.advance(1);
    await flush();
    expect(calls).toEqual(['t1']);
    expect(manager.current()?.token).toBe('t2');
    expect(clock.nextDue()).toBe(clock.now + 900_000 - 120_000);
  });

  it('uses a quarter of the lifetime as the margin for short-lived tokens', () => {
    const { clock, manager } = setup(() => Promise.reject(new Error('unused')));
    manager.signIn(wireSession(clock, 't1', 60_000));
    expect(manager.refreshDueAt()).toBe(clock.now + 45_000);
  });

  it('getToken refreshes first when due, sharing one request between callers', async () => {
    let release: (session: Session) => void = () => undefined;
    const { clock, calls, manager } = setup(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    manager.signIn(wireSession(clock, 't1'));
    clock.cancelAll();
    clock.now += 800_000;
    const a = manager.getToken();
    const b = manager.getToken();
    await flush();
    release(wireSession(clock, 't2'));
    await expect(Promise.all([a, b])).resolves.toEqual(['t2', 't2']);
    expect(calls).toEqual(['t1']);
  });

  it('offline, keeps the (even expired) token so the app works from the device, and retries later', async () => {
    const { clock, calls, manager } = setup(() => Promise.reject(new ApiError('offline', 'no network')));
    manager.signIn(wireSession(clock, 't1'));
    clock.cancelAll();
    clock.now += 1_000_000; // past expiry
    await expect(manager.getToken()).resolves.toBe('t1');
    expect(manager.current()?.token).toBe('t1');
    expect(calls).toEqual(['t1']);
    // No hammering: the next attempt waits 30 s.
    await expect(manager.getToken()).resolves.toBe('t1');
    expect(calls).toEqual(['t1']);
    expect(clock.nextDue()).toBe(clock.now + 30_000);
  });

  it('a 401 on refresh ends the session with reason "expired" and tells listeners', async () => {
    const { storage, clock, manager } = setup(() => Promise.reject(new ApiError('unauthorized', 'expired', { status: 401 })));
    manager.signIn(wireSession(clock, 't1'));
    let notified = 0;
    manager.subscribe(() => {
      notified += 1;
    });
    clock.now += 1_000_000;
    await expect(manager.getToken()).resolves.toBeNull();
    expect(manager.current()).toBeNull();
    expect(manager.signedOutReason()).toBe('expired');
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(notified).toBe(1);
  });

  it('a refresh answer arriving after sign-out does not sign the user back in', async () => {
    let release: (session: Session) => void = () => undefined;
    const { clock, manager } = setup(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    manager.signIn(wireSession(clock, 't1'));
    clock.now += 800_000;
    const pending = manager.refreshNow();
    manager.signOut();
    release(wireSession(clock, 't2'));
    await pending;
    expect(manager.current()).toBeNull();
    expect(manager.signedOutReason()).toBe('signed_out');
  });

  it('ignores a corrupt stored session', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_STORAGE_KEY, '{"token":1}');
    const manager = new SessionManager({ storage, refresh: () => Promise.reject(new Error('unused')), timers: new ManualTimers(Date.parse('2026-12-01T10:00:00.000Z')) });
    expect(manager.current()).toBeNull();
  });
});
