import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n';
import { shellMessages } from './messages';
import { syncStatusMessage } from './sync-status';

describe('syncStatusMessage', () => {
  it('says "saved to the server" only when synced with nothing pending', () => {
    expect(syncStatusMessage({ state: 'synced', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 9 }).key).toBe('sync.synced');
    expect(syncStatusMessage({ state: 'synced', pendingUpdates: 2, pendingChanges: 2, savingLocally: 0, lastAckedSeq: 9 })).toEqual({
      key: 'sync.pending',
      params: { count: 2 },
      tone: 'pending',
    });
    expect(syncStatusMessage({ state: 'syncing', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 9 }).key).toBe('sync.syncing');
  });

  it('counts changes as a person does (a sentence typed is one change), not the updates it took', () => {
    expect(syncStatusMessage({ state: 'synced', pendingUpdates: 37, pendingChanges: 1, savingLocally: 0, lastAckedSeq: 9 })).toMatchObject({
      key: 'sync.pending',
      params: { count: 1 },
    });
  });

  it('counts changes waiting to upload, online or offline', () => {
    expect(syncStatusMessage({ state: 'connecting', pendingUpdates: 3, pendingChanges: 3, savingLocally: 0, lastAckedSeq: 0 })).toMatchObject({
      key: 'sync.pending',
      params: { count: 3 },
    });
    expect(syncStatusMessage({ state: 'offline', pendingUpdates: 1, pendingChanges: 1, savingLocally: 0, lastAckedSeq: 0 })).toMatchObject({
      key: 'sync.offlinePending',
      params: { count: 1 },
    });
    expect(syncStatusMessage({ state: 'offline', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 }).key).toBe('sync.offline');
    expect(syncStatusMessage({ state: 'connecting', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 }).key).toBe('sync.connecting');
  });

  it('names the problem when the relay refuses', () => {
    expect(syncStatusMessage({ state: 'unauthorized', pendingUpdates: 4, pendingChanges: 4, savingLocally: 0, lastAckedSeq: 0 }).key).toBe('sync.unauthorized');
    expect(syncStatusMessage({ state: 'forbidden', pendingUpdates: 0, pendingChanges: 0, savingLocally: 0, lastAckedSeq: 0 }).key).toBe('sync.forbidden');
  });
  it('says "saving on this device" while a change is not yet committed to IndexedDB, never "saved"', () => {
    expect(syncStatusMessage({ state: 'syncing', pendingUpdates: 2, pendingChanges: 2, savingLocally: 1, lastAckedSeq: 3 }).key).toBe('sync.savingLocally');
    expect(syncStatusMessage({ state: 'offline', pendingUpdates: 0, pendingChanges: 0, savingLocally: 1, lastAckedSeq: 0 }).key).toBe('sync.savingLocally');
    expect(syncStatusMessage({ state: 'forbidden', pendingUpdates: 0, pendingChanges: 0, savingLocally: 1, lastAckedSeq: 0 }).key).toBe('sync.forbidden');
  });

  it('words the count as changes, in each language’s plural forms', () => {
    const en = createTranslator(shellMessages.en, shellMessages.en, 'en');
    const ru = createTranslator(shellMessages.ru, shellMessages.en, 'ru');
    const say = (t: typeof en, state: 'synced' | 'offline', pendingChanges: number) => {
      const message = syncStatusMessage({ state, pendingUpdates: pendingChanges * 10, pendingChanges, savingLocally: 0, lastAckedSeq: 0 });
      return t(message.key, message.params);
    };
    expect(say(en, 'synced', 1)).toBe('Saved on this device, 1 change waiting to upload');
    expect(say(en, 'synced', 3)).toBe('Saved on this device, 3 changes waiting to upload');
    expect(say(en, 'offline', 2)).toBe('Offline — saved on this device, 2 changes waiting to upload');
    expect(say(ru, 'synced', 1)).toBe('Сохранено на устройстве, 1 изменение ждёт отправки');
    expect(say(ru, 'synced', 3)).toBe('Сохранено на устройстве, 3 изменения ждут отправки');
    expect(say(ru, 'offline', 5)).toBe('Нет сети — сохранено на устройстве, 5 изменений ждут отправки');
  });
});
