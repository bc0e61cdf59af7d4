// Test support (not exported): turns real Yjs updates into hostile ones, the way a member with a
// modified client could — well-formed v1 bytes whose clocks, lengths, client ids, delete sets and
// references lie. Used by the loadability property test (SYNC-UPDATE-5).
import type { SeededRandom } from '@rpg-bot/kit';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** The PRNG the tests share (`@rpg-bot/kit`'s createRandom). */
export type Random = SeededRandom;

interface Block {
  client: number;
  clock: number;
  structs: (Y.Item | Y.GC | Y.Skip)[];
}

interface Model {
  blocks: Block[];
  ds: Map<number, { clock: number; len: number }[]>;
}

const MAX = Number.MAX_SAFE_INTEGER;

function toModel(update: Uint8Array): Model {
  const { structs, ds } = Y.decodeUpdate(update);
  const blocks: Block[] = [];
  for (const struct of structs) {
    const last = blocks.at(-1);
    if (last?.client === struct.id.client) last.structs.push(struct);
    else blocks.push({ client: struct.id.client, clock: struct.id.clock, structs: [struct] });
  }
  const ranges = new Map<number, { clock: number; len: number }[]>();
  for (const [client, list] of ds.clients) ranges.set(client, list.map((r) => ({ clock: r.clock, len: r.len })));
  return { blocks, ds: ranges };
}

/** Writes the model as a v1 update (each block's structs back to back from its clock). */
function fromModel(model: Model): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const blocks = model.blocks.filter((block) => block.structs.length > 0);
  encoding.writeVarUint(encoder.restEncoder, blocks.length);
  for (const block of blocks) {
    encoding.writeVarUint(encoder.restEncoder, block.structs.length);
    encoder.writeClient(block.client);
    encoding.writeVarUint(encoder.restEncoder, block.clock);
    for (const struct of block.structs) {
      // An item without origins must name a parent, or it cannot even be written.
      // (Decoded items hold a root key where the types say a type: the writer accepts both.)
      if (struct instanceof Y.Item && struct.origin === null && struct.rightOrigin === null && struct.parent === null) setParent(struct, 't');
      struct.write(encoder, 0);
    }
  }
  const clients = [...model.ds.entries()].filter(([, ranges]) => ranges.length > 0);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, ranges] of clients) {
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(encoder.restEncoder, range.clock);
      encoding.writeVarUint(encoder.restEncoder, range.len);
    }
  }
  return encoder.toUint8Array();
}

const pick = <T>(random: Random, items: readonly T[]): T | undefined => items[random.int(items.length)];

/** A number an attacker would try: small, near another value, or near 2^53. */
function hostileNumber(random: Random, near: number): number {
  switch (random.int(6)) {
    case 0:
      return MAX - random.int(16);
    case 1:
      return 2 ** 52 + random.int(1000);
    case 2:
      return Math.max(0, near + random.int(7) - 3);
    case 3:
      return random.int(64);
    case 4:
      return 2 ** (20 + random.int(33));
    default:
      return Math.floor(random.next() * MAX);
  }
}

function randomId(random: Random, model: Model, clients: readonly number[]): Y.ID {
  const client = pick(random, clients) ?? 1;
  const block = model.blocks.find((b) => b.client === client);
  const clock = random.int(3) === 0 ? hostileNumber(random, block?.clock ?? 0) : (block?.clock ?? 0) + random.int(12);
  return Y.createID(client, clock);
}

type Mutation = (random: Random, model: Model, clients: readonly number[]) => void;

const mutations: Record<string, Mutation> = {
  blockClock(random, model) {
    const block = pick(random, model.blocks);
    if (block !== undefined) block.clock = hostileNumber(random, block.clock);
  },
  blockClient(random, model, clients) {
    const block = pick(random, model.blocks);
    if (block !== undefined) block.client = random.int(2) === 0 ? (pick(random, clients) ?? 1) : hostileNumber(random, block.client);
  },
  structLength(random, model) {
    const block = pick(random, model.blocks);
    const struct = block === undefined ? undefined : pick(random, block.structs);
    if (struct === undefined) return;
    const length = hostileNumber(random, struct.length);
    if (struct instanceof Y.GC || struct instanceof Y.Skip) struct.length = length;
    else if (struct.content instanceof Y.ContentDeleted) {
      struct.content.len = length;
      struct.length = length;
    } else if (struct.content instanceof Y.ContentString) {
      const text = 'x'.repeat(1 + random.int(40));
      struct.content.str = text;
      struct.length = text.length;
    }
  },
  emptyStruct(random, model) {
    // A struct that covers no clock — Yjs never writes one (SYNC-UPDATE-5 rule 3).
    const block = pick(random, model.blocks);
    const struct = block === undefined ? undefined : pick(random, block.structs);
    if (struct === undefined || struct instanceof Y.Skip) return;
    if (struct instanceof Y.GC) {
      struct.length = 0;
      return;
    }
    const empties = [() => new Y.ContentDeleted(0), () => new Y.ContentString(''), () => new Y.ContentAny([])];
    const make = pick(random, empties);
    if (make === undefined) return;
    // Every replacement is made by a real Yjs content constructor above.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const content: Y.Item['content'] = make();
    struct.content = content;
    struct.length = 0;
  },
  gapOrSkip(random, model) {
    const block = pick(random, model.blocks);
    if (block === undefined) return;
    const first = block.structs[0];
    if (first === undefined) return;
    block.structs.splice(random.int(block.structs.length + 1), 0, new Y.Skip(first.id, hostileNumber(random, 3)));
  },
  dropStruct(random, model) {
    const block = pick(random, model.blocks);
    if (block !== undefined && block.structs.length > 0) block.structs.splice(random.int(block.structs.length), 1);
  },
  deleteRange(random, model, clients) {
    const client = random.int(4) === 0 ? hostileNumber(random, 1) : (pick(random, clients) ?? 1);
    const list = model.ds.get(client) ?? [];
    list.push({ clock: hostileNumber(random, 0), len: hostileNumber(random, 2) });
    model.ds.set(client, list);
  },
  deleteRangeAt(random, model) {
    const entry = pick(random, [...model.ds.values()]);
    const range = entry === undefined ? undefined : pick(random, entry);
    if (range === undefined) return;
    if (random.int(2) === 0) range.clock = hostileNumber(random, range.clock);
    else range.len = hostileNumber(random, range.len);
  },
  origin(random, model, clients) {
    const item = randomItem(random, model);
    if (item !== undefined) item.origin = random.int(5) === 0 ? null : randomId(random, model, clients);
  },
  rightOrigin(random, model, clients) {
    const item = randomItem(random, model);
    if (item !== undefined) item.rightOrigin = random.int(5) === 0 ? null : randomId(random, model, clients);
  },
  parent(random, model, clients) {
    const item = randomItem(random, model);
    if (item === undefined) return;
    item.origin = null;
    item.rightOrigin = null;
    setParent(item, random.int(3) === 0 ? (pick(random, ['t', 'm', 'a', 'zz']) ?? 't') : randomId(random, model, clients));
    item.parentSub = random.int(3) === 0 ? 'key' : null;
  },
  content(random, model) {
    const item = randomItem(random, model);
    if (item === undefined) return;
    const replacements = [
      () => new Y.ContentType(new Y.Map()),
      () => new Y.ContentType(new Y.Text()),
      () => new Y.ContentFormat('bold', true),
      () => new Y.ContentDeleted(1 + random.int(5)),
      () => new Y.ContentAny([1, 'two', { three: 3 }]),
      () => new Y.ContentEmbed({ image: 'x' }),
      () => new Y.ContentString('hostile'),
    ];
    const make = pick(random, replacements);
    if (make === undefined) return;
    // Every replacement is made by a real Yjs content constructor above.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const content: Y.Item['content'] = make();
    item.content = content;
    item.length = content.getLength();
  },
};

/** A decoded item's parent is a root key or an id (Yjs' types only know the integrated form). */
function setParent(item: Y.Item, parent: string | Y.ID): void {
  (item as { parent: unknown }).parent = parent;
}

function randomItem(random: Random, model: Model): Y.Item | undefined {
  const items = model.blocks.flatMap((block) => block.structs).filter((s): s is Y.Item => s instanceof Y.Item);
  return pick(random, items);
}

/** Names of the mutations, for the test report. */
export const mutationNames = Object.keys(mutations);

/**
 * A hostile variant of `update`: one to three random mutations of its structs, delete set and
 * references. `clients` are the client ids of the doc's honest writers (to aim references at).
 * Returns the bytes (always well-formed v1) and the mutations applied.
 */
export function mutateUpdate(random: Random, update: Uint8Array, clients: readonly number[]): { update: Uint8Array; applied: string[] } {
  const model = toModel(update);
  const applied: string[] = [];
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    const name = pick(random, mutationNames);
    const mutation = name === undefined ? undefined : mutations[name];
    if (name === undefined || mutation === undefined) continue;
    mutation(random, model, clients);
    applied.push(name);
  }
  return { update: fromModel(model), applied };
}
