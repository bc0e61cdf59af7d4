import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewPartyEvent, PartyLog, PartyRetention } from './types';

/** What `setup` returns: a log (migrated) with the given retention and prune batch 1, and how to dispose of it. */
export interface PartyLogConformanceSetup {
  readonly log: PartyLog;
  cleanup(): Promise<void>;
}

/** Retention every conformance log is built with: tiny, so tests see pruning. */
export const conformanceRetention: PartyRetention = Object.freeze({ maxEvents: 5, maxAgeMs: 60_000 });

const t0 = Date.parse('2026-12-01T12:00:00.000Z');

function event(actorId: string, text: string, at = t0, eventId: string = randomUUID()): NewPartyEvent {
  return {
    eventId,
    actorId,
    type: 'dev.rpgbot.party.chat-message.v1',
    envelope: { specversion: '1.0', id: eventId, type: 'dev.rpgbot.party.chat-message.v1', actorid: actorId, data: { text } },
    createdAt: new Date(at),
  };
}

const textsOf = (events: readonly { envelope: Readonly<Record<string, unknown>> }[]): unknown[] =>
  events.map((stored) => (stored.envelope.data as { text?: unknown } | undefined)?.text);

/**
 * The behaviour every `PartyLog` adapter shares, as vitest tests; an adapter's test file is its
 * setup plus this call. `setup` must build the log with {@link conformanceRetention} and
 * `pruneBatch: 1`. Every test uses its own campaign ids.
 */
export function runPartyLogConformance(name: string, setup: () => Promise<PartyLogConformanceSetup>): void {
  describe(`PartyLog conformance: ${name}`, () => {
    let ready: PartyLogConformanceSetup | undefined;
    const log = (): PartyLog => {
      if (ready === undefined) throw new Error('setup did not run');
      return ready.log;
    };
    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup();
    });

    it('assigns seqs 1, 2, 3 … per campaign, stamps them into the envelope and reads them back in order', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      expect((await log().append(a, [event('u1', 'one')])).events.map((e) => e.seq)).toEqual([1]);
      const second = await log().append(a, [event('u2', 'two')]);
      expect(second.duplicate).toBe(false);
      expect(second.events[0]?.envelope.seq).toBe(2);
      expect((await log().append(b, [event('u1', 'other')])).events.map((e) => e.seq)).toEqual([1]);
      const page = await log().readSince(a, 0, 100);
      expect(page.events.map((e) => [e.seq, e.actorId, e.type, e.createdAt.getTime()])).toEqual([
        [1, 'u1', 'dev.rpgbot.party.chat-message.v1', t0],
        [2, 'u2', 'dev.rpgbot.party.chat-message.v1', t0],
      ]);
      expect(textsOf(page.events)).toEqual(['one', 'two']);
      expect(page.events[1]?.envelope).toMatchObject({ seq: 2, data: { text: 'two' } });
      expect(page).toMatchObject({ headSeq: 2, firstRetainedSeq: 1 });
    });

    it('reads after a seq and at most `limit` events', async () => {
      const campaign = randomUUID();
      for (const text of ['a', 'b', 'c', 'd']) await log().append(campaign, [event('u', text)]);
      expect(textsOf((await log().readSince(campaign, 1, 2)).events)).toEqual(['b', 'c']);
      expect(textsOf((await log().readSince(campaign, 3, 100)).events)).toEqual(['d']);
      expect(await log().readSince(campaign, 4, 100)).toEqual({ events: [], headSeq: 4, firstRetainedSeq: 1 });
      expect(await log().readSince(randomUUID(), 0, 100)).toEqual({ events: [], headSeq: 0, firstRetainedSeq: 1 });
    });

    it('stores a batch with consecutive seqs', async () => {
      const campaign = randomUUID();
      await log().append(campaign, [event('u', 'first')]);
      const result = await log().append(campaign, [event('u', 'request'), event('u', 'roll')]);
      expect(result.events.map((e) => e.seq)).toEqual([2, 3]);
    });

    it('gives many parallel appends the seqs 1..N without gaps or duplicates', async () => {
      const campaign = randomUUID();
      // Within retention (5), so every one is still there to read.
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text, index) => log().append(campaign, [event(`u${String(index)}`, text)])));
      expect(results.flatMap((r) => r.events.map((e) => e.seq)).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
      expect((await log().readSince(campaign, 0, 100)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    });

    it('recognises a re-sent (campaign, actor, id) and answers with what the first append stored', async () => {
      const campaign = randomUUID();
      const request = event('alice', 'roll', t0, 'same-id');
      const first = await log().append(campaign, [request, event('alice', 'result')]);
      await log().append(campaign, [event('bob', 'later')]);
      const again = await log().append(campaign, [request, event('alice', 'another result')]);
      expect(again.duplicate).toBe(true);
      expect(again.events).toEqual(first.events);
      expect(await log().find(campaign, 'alice', 'same-id', 2)).toEqual(first.events);
      // The key is per actor and per campaign.
      expect((await log().append(campaign, [event('bob', 'bob too', t0, 'same-id')])).duplicate).toBe(false);
      expect((await log().append(randomUUID(), [event('alice', 'elsewhere', t0, 'same-id')])).duplicate).toBe(false);
      expect(await log().find(campaign, 'carol', 'same-id', 1)).toBeUndefined();
      expect((await log().readSince(campaign, 0, 100)).headSeq).toBe(4);
    });

    it('keeps at most maxEvents per campaign and reports the first retained seq', async () => {
      const campaign = randomUUID();
      for (let index = 1; index <= 8; index += 1) await log().append(campaign, [event('u', `m${String(index)}`)]);
      const page = await log().readSince(campaign, 0, 100);
      expect(page.events.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
      expect(page).toMatchObject({ headSeq: 8, firstRetainedSeq: 4 });
      expect((await log().readSince(campaign, 5, 100)).events.map((e) => e.seq)).toEqual([6, 7, 8]);
    });

    it('prunes events older than maxAgeMs, and everything once all expired', async () => {
      const campaign = randomUUID();
      await log().append(campaign, [event('u', 'old', t0)]);
      await log().append(campaign, [event('u', 'older too', t0 + 1000)]);
      await log().append(campaign, [event('u', 'recent', t0 + 50_000)]);
      expect(await log().prune(new Date(t0 + 60_000 + 2000))).toBeGreaterThanOrEqual(2);
      const page = await log().readSince(campaign, 0, 100);
      expect(textsOf(page.events)).toEqual(['recent']);
      expect(page).toMatchObject({ headSeq: 3, firstRetainedSeq: 3 });
      await log().prune(new Date(t0 + 60_000 + 60_000));
      expect(await log().readSince(campaign, 0, 100)).toEqual({ events: [], headSeq: 3, firstRetainedSeq: 4 });
      // Appending goes on from the head.
      expect((await log().append(campaign, [event('u', 'new', t0 + 200_000)])).events.map((e) => e.seq)).toEqual([4]);
    });
  });
}
