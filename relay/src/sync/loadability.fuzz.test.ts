// SYNC-UPDATE-5 as a property: whatever members send — honest edits or hostile variants of real
// updates — what the log accepts keeps the doc loadable, every honest member keeps working, and
// every acked edit stays. Seeded: a failure prints its seed; LOADABILITY_SEEDS=<seed or a..b,…>
// replays it (e.g. LOADABILITY_SEEDS=20000..20600); LOADABILITY_DEBUG=1 compares maps step by step.
import { createRandom } from '@rpg-bot/kit';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCommitter } from './doc-committer';
import { loadabilityProblem } from './doc-loadability';
import { DocMirrors } from './doc-mirrors';
import { InMemoryUpdateLog } from './in-memory-update-log';
import { mutateUpdate } from './testing-update-mutations';
import type { Random } from './testing-update-mutations';
import { isRefusal } from './types';

const at = new Date('2026-12-06T12:00:00Z');
const CASES_PER_SEED = 50;

interface Member {
  readonly doc: Y.Doc;
  readonly sent: Uint8Array[];
}

function member(clientId: number): Member {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const sent: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') sent.push(update);
  });
  return { doc, sent };
}

/** A random honest edit: text, formatting, maps, arrays, nested types, deletions. */
function edit(random: Random, doc: Y.Doc): void {
  const text = doc.getText('t');
  const map = doc.getMap('m');
  const array = doc.getArray<unknown>('a');
  switch (random.int(7)) {
    case 0:
      text.insert(random.int(text.length + 1), `w${String(random.int(1000))} `);
      return;
    case 1:
      if (text.length > 0) text.delete(random.int(text.length), 1 + random.int(Math.min(5, text.length)));
      return;
    case 2:
      if (text.length > 1) text.format(0, 1 + random.int(text.length - 1), { bold: true });
      return;
    case 3:
      map.set(`k${String(random.int(5))}`, random.int(2) === 0 ? random.int(100) : { nested: 'v' });
      return;
    case 4: {
      const inner = new Y.Map<unknown>();
      inner.set('hp', random.int(30));
      map.set(`c${String(random.int(3))}`, inner);
      return;
    }
    case 5:
      array.insert(random.int(array.length + 1), [random.int(9), 'x']);
      return;
    default:
      if (array.length > 0) array.delete(random.int(array.length), 1);
  }
}

function mergedState(log: InMemoryUpdateLog, docId: string): Promise<Uint8Array> {
  return log.loadState(docId).then(({ snapshot, tail }) => Y.mergeUpdates([...(snapshot === null ? [] : [snapshot]), ...tail.map((e) => e.update)]));
}

/** `LOADABILITY_SEEDS`: seeds and inclusive ranges, comma-separated (`20180` or `20000..20600,30000..30300`). */
function parseSeeds(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [from, to, ...rest] = part.trim().split('..').map(Number);
    if (from === undefined || !Number.isSafeInteger(from) || rest.length > 0 || (to !== undefined && !(Number.isSafeInteger(to) && to >= from))) {
      throw new Error(`LOADABILITY_SEEDS: "${part}" is neither a seed nor a range a..b`);
    }
    return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
  });
}

const replaySeeds = process.env.LOADABILITY_SEEDS === undefined || process.env.LOADABILITY_SEEDS === '' ? undefined : parseSeeds(process.env.LOADABILITY_SEEDS);
const seeds = replaySeeds ?? Array.from({ length: 100 }, (_, i) => 9100 + i);

describe('SYNC-UPDATE-5 the stored doc stays loadable whatever members send (seeded property)', () => {
  it.each(seeds)('seed %i: %#', async (seed) => {
    const random = createRandom(seed);
    const log = new InMemoryUpdateLog();
    const docId = `doc-${String(seed)}`;
    // The relay's commit path: the gate integrates each update into its mirror, then the log stores it.
    let held = 0;
    let broadcast: Uint8Array[] = [];
    const committer = new DocCommitter({
      docId,
      log,
      gate: new DocMirrors({ log, heldSeq: () => held }),
      onCommitted: (stored) => {
        held = Math.max(held, ...stored.map((item) => item.seq));
        broadcast = stored.map((item) => item.update);
      },
    });
    const members = [member(11), member(22), member(33)];
    const clients = members.map((m) => m.doc.clientID);
    const accepted: Uint8Array[] = [];
    const honestAcked: Uint8Array[] = [];
    let refused = 0;
    let hostileAccepted = 0;

    for (let step = 0; step < CASES_PER_SEED; step++) {
      const honest = random.int(3) !== 0 || accepted.length === 0;
      let update: Uint8Array;
      let what: string;
      if (honest) {
        const writer = members[random.int(members.length)] ?? members[0];
        if (writer === undefined) throw new Error('no member');
        const before = writer.sent.length;
        edit(random, writer.doc);
        const sent = writer.sent.slice(before);
        if (sent.length === 0) continue;
        update = Y.mergeUpdates(sent);
        what = 'honest edit';
      } else {
        const source = random.int(3) === 0 ? Y.encodeStateAsUpdate((members[random.int(members.length)] ?? members[0])?.doc ?? new Y.Doc()) : accepted[random.int(accepted.length)];
        if (source === undefined) continue;
        const mutated = mutateUpdate(random, source, clients);
        update = mutated.update;
        what = `hostile (${mutated.applied.join(', ')})`;
      }
      broadcast = [];
      const result = await committer.submit({ update, meta: { authorId: 'u', at } }, what);
      if (isRefusal(result)) {
        // An honest member's edit is never refused: its outbox would wedge.
        expect(honest, `seed ${String(seed)} step ${String(step)}: ${what} refused: ${result.message}`).toBe(false);
        refused += 1;
        continue;
      }
      if (!honest) hostileAccepted += 1;
      if (honest) honestAcked.push(update);
      accepted.push(update);
      // Every member receives what the relay stored and broadcast; integrating it must never fail.
      for (const m of members) {
        const own = m.doc.clientID;
        expect(() => { for (const stored of broadcast) Y.applyUpdate(m.doc, stored, 'remote'); }, `seed ${String(seed)} step ${String(step)}: a member could not apply ${what}`).not.toThrow();
        // Someone wrote under this member's client id, and Yjs drew it a new one at random: draw it
        // from the seed instead, so a seed replays exactly.
        if (m.doc.clientID !== own) m.doc.clientID = 1000 + random.int(2 ** 31);
      }
      const problem = loadabilityProblem(await mergedState(log, docId));
      expect(problem, `seed ${String(seed)} step ${String(step)} after ${what}`).toBeNull();
      if (process.env.LOADABILITY_DEBUG !== undefined) {
        const j = new Y.Doc();
        Y.applyUpdate(j, await mergedState(log, docId));
        const canon = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
        const a = canon(j.getMap('m').toJSON());
        const b = canon(members[0]?.doc.getMap('m').toJSON());
        if (a !== b) {
          console.log(step, what, a, b, Buffer.from(update).toString('hex'), broadcast.map((u) => Buffer.from(u).toString('hex')));
          throw new Error('diverged');
        }
      }
    }

    // A fresh joiner gets the whole doc, holds every acked honest edit, and converges with everyone.
    const state = await mergedState(log, docId);
    const joiner = new Y.Doc();
    joiner.clientID = 44;
    Y.applyUpdate(joiner, state);
    const joinerSnapshot = Y.snapshot(joiner);
    for (const update of honestAcked) expect(Y.snapshotContainsUpdate(joinerSnapshot, update)).toBe(true);
    for (const m of members) {
      expect(m.doc.getText('t').toJSON()).toBe(joiner.getText('t').toJSON());
      expect(m.doc.getMap('m').toJSON()).toEqual(joiner.getMap('m').toJSON());
    }
    // What the joiner sends back on its next connect is stored like any honest edit.
    edit(random, joiner);
    const answer = await committer.submit({ update: Y.encodeStateAsUpdate(joiner), meta: { authorId: 'joiner', at } }, 'joiner');
    expect(isRefusal(answer) ? answer.message : 'stored').toBe('stored');
    expect(refused + hostileAccepted).toBeGreaterThan(0);
  });
});
