import { createTestPgliteDatabase } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEMBER_REMOVED_CHANNEL, MemberRemovals } from './member-removals';
import type { MemberRemoval } from './member-removals';

describe('MemberRemovals', () => {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    test = await createTestPgliteDatabase();
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('delivers every announced removal to every subscriber, ignores malformed announcements, and stops on stop()', async () => {
    if (test === undefined) throw new Error('no database');
    const logs = createLogCapture();
    const removals = new MemberRemovals(test.db, createLogger({ level: 'debug', destination: logs.destination }));
    const heard: MemberRemoval[] = [];
    const unsubscribe = removals.subscribe((removal) => heard.push(removal));
    await removals.start();
    await removals.announce({ campaignId: 'c1', userId: 'u1' });
    await test.db.notify(MEMBER_REMOVED_CHANNEL, 'not json');
    await test.db.notify(MEMBER_REMOVED_CHANNEL, JSON.stringify({ campaignId: 'c2' }));
    await removals.announce({ campaignId: 'c3', userId: 'u3' });
    await vi.waitFor(() => {
      expect(heard).toEqual([
        { campaignId: 'c1', userId: 'u1' },
        { campaignId: 'c3', userId: 'u3' },
      ]);
    });
    expect(logs.entries().filter((entry) => entry.msg === 'ignoring a malformed member removal announcement')).toHaveLength(2);
    unsubscribe();
    await removals.announce({ campaignId: 'c4', userId: 'u4' });
    await removals.stop();
    expect(heard).toHaveLength(2);
  });
});
