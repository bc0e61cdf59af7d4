import { describe, expect, it } from 'vitest';
import { combineStatus } from './combine-status';

describe('combineStatus', () => {
  it('is synced only when every doc is synced', () => {
    expect(
      combineStatus([
        { state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 4 },
        { state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 9 },
      ]),
    ).toEqual({ state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 9 });
    expect(combineStatus([])).toEqual({ state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 });
  });

  it('shows the least healthy state and the pending total', () => {
    expect(
      combineStatus([
        { state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 4 },
        { state: 'offline', pendingUpdates: 3, pendingChanges: 3, savingLocally: 0, lastAckedSeq: 2 },
        { state: 'syncing', pendingUpdates: 1, pendingChanges: 1, savingLocally: 0, lastAckedSeq: 7 },
      ]),
    ).toEqual({ state: 'offline', pendingUpdates: 4, pendingChanges: 4, savingLocally: 0, lastAckedSeq: 7 });
    expect(combineStatus([{ state: 'connecting', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 }, { state: 'forbidden', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 }]).state).toBe(
      'forbidden',
    );
  });

  it('never reports synced while something is pending', () => {
    expect(combineStatus([{ state: 'synced', pendingUpdates: 2, pendingChanges: 2, savingLocally: 0, lastAckedSeq: 1 }]).state).toBe('syncing');
  });
});
