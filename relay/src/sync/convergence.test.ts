// A seeded random network (Yjs' TestConnector, for our relay): 4–6 clients, each with its own
// Y.Doc, talk to ONE SyncRooms over an in-process transport that keeps every socket's frames in
// order but delivers them after random delays, and loses whatever is in flight when it drops a
// connection. Clients edit online and offline, disconnect and reconnect at random; a reconnecting
// client re-runs sync step 1/2 and re-sends every update it has not seen acked (SYNC-ACK-6). At
// the end everyone reconnects and every doc — and the doc stored in the update log — must be the same.
import { runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import type { LogCapture } from '@rpg-bot/observability';
import {
  capabilities,
  decodeServerMessage,
  defaultLimits,
  encodeHello,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateWithRef,
  PROTOCOL_VERSION,
} from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import { createRandom } from '@rpg-bot/kit';
import type { SeededRandom as Random } from '@rpg-bot/kit';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocMirrors } from './doc-mirrors';
import { MergedStateCache } from './merged-state-cache';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { createSyncMetrics } from './sync-metrics';
import { SyncRooms } from './sync-rooms';
import type { SyncSession } from './sync-connection';
import type { SyncHandle } from './sync-rooms';

/** Seeds to run; `CONVERGENCE_SEEDS=7,8` replays particular ones (a failure names its seed). */
const SEEDS = (process.env.CONVERGENCE_SEEDS ?? '1,2,3,20261202,3735928559')
  .split(',')
  .map((seed) => Number(seed.trim()) >>> 0);
/** Random actions per seed before the final reconnect. */
const STEPS = 400;

// ---------------------------------------------------------------------------------------------
// The lossy, ordered in-process transport

/** One socket between a client and the rooms: two FIFO queues that a scheduler drains at random. */
class Link {
  readonly toRelay: Uint8Array[] = [];
  readonly toClient: Uint8Array[] = [];
  open = true;
  readonly #handle: SyncHandle;
  readonly #onDropped: () => void;

  constructor(rooms: SyncRooms, session: SyncSession, events: { onDropped: () => void; onRelayClose: (code: number) => void }) {
    this.#onDropped = events.onDropped;
    this.#handle = rooms.connect(
      {
        send: (frame) => {
          if (this.open) this.toClient.push(frame.slice());
        },
        close: (code) => {
          events.onRelayClose(code);
          this.drop();
        },
      },
      session,
    );
  }

  /** Delivers up to `count` frames to the relay, in order; returns how many. */
  deliverToRelay(count: number): number {
    let delivered = 0;
    while (delivered < count && this.open) {
      const frame = this.toRelay.shift();
      if (frame === undefined) break;
      this.#handle.receive(frame);
      delivered += 1;
    }
    return delivered;
  }

  /** Takes up to `count` frames for the client, in order. */
  takeForClient(count: number): Uint8Array[] {
    return this.open ? this.toClient.splice(0, count) : [];
  }

  /** The connection breaks: whatever is still in flight either way is lost. */
  drop(): void {
    if (!this.open) return;
    this.open = false;
    this.toRelay.length = 0;
    this.toClient.length = 0;
    this.#handle.closed();
    this.#onDropped();
  }
}

// ---------------------------------------------------------------------------------------------
// An opted-in client that survives disconnects (its Y.Doc stands for the device's stored copy)

const fromRelay = Symbol('from relay');

/** A local update and whether the relay has acknowledged it. */
interface LocalUpdate {
  readonly update: Uint8Array;
  acked: boolean;
}

interface Connection {
  readonly link: Link;
  welcomed: boolean;
  synced: boolean;
  nextRef: number;
  /** Refs sent on this connection, oldest first, with the local updates each one covers. */
  readonly outstanding: { ref: number; covers: LocalUpdate[] }[];
  lastSeq: number;
  /** The relay's state vector, when its sync step 1 arrived and our reply waits for `welcome` (it goes out with a ref). */
  replyTo: Uint8Array | undefined;
}

class SimClient {
  readonly doc = new Y.Doc();
  readonly name: string;
  readonly errors: string[] = [];
  connection: Connection | undefined;
  /** Every local update not yet acknowledged, on any connection. */
  unacked: LocalUpdate[] = [];
  readonly #random: Random;

  constructor(index: number, random: Random) {
    this.name = `client-${String(index)}`;
    // Distinct, seeded client ids: the same seed makes the same structs on every run.
    this.doc.clientID = 1000 + index;
    this.#random = random;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === fromRelay) return;
      const local: LocalUpdate = { update, acked: false };
      this.unacked.push(local);
      const connection = this.connection;
      if (connection?.welcomed === true) this.#sendWithRef(connection, update, [local]);
    });
  }

  /** Opens a socket: hello, then our sync step 1 (the relay sends its own step 1 on connect). */
  connect(link: Link): void {
    const connection: Connection = { link, welcomed: false, synced: false, nextRef: 1, outstanding: [], lastSeq: 0, replyTo: undefined };
    this.connection = connection;
    link.toRelay.push(encodeHello({ version: PROTOCOL_VERSION, capabilities: [capabilities.ack] }));
    link.toRelay.push(encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  /** The link dropped: refs die with it (SYNC-ACK-6); unacked updates wait for the next socket. */
  disconnected(): void {
    this.connection = undefined;
  }

  receive(frame: Uint8Array): void {
    const connection = this.connection;
    if (connection === undefined) return;
    const decoded = decodeServerMessage(frame, defaultLimits);
    if (!decoded.ok) {
      this.errors.push(`undecodable frame: ${decoded.error.code}`);
      return;
    }
    this.#handle(connection, decoded.message);
  }

  /** True when this client has nothing left to tell or hear on its connection. */
  get idle(): boolean {
    const connection = this.connection;
    return connection !== undefined && connection.synced && connection.welcomed && connection.outstanding.length === 0 && this.unacked.length === 0;
  }

  /** Sends an empty update with a ref: its ack proves every earlier frame of the socket was handled (SYNC-ACK-3). */
  probe(): void {
    const connection = this.connection;
    if (connection?.welcomed !== true) throw new Error(`${this.name} cannot probe before welcome`);
    this.#sendWithRef(connection, new Uint8Array([0, 0]), []);
  }

  #handle(connection: Connection, message: ServerMessage): void {
    switch (message.type) {
      case 'sync-step1':
        // Both replies are valid (SYNC-ACK-6); the seed picks one per connection.
        if (this.#random.chance(0.5)) connection.link.toRelay.push(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        else if (connection.welcomed) this.#replyWithRef(connection, message.stateVector);
        else connection.replyTo = message.stateVector.slice();
        return;
      case 'sync-step2':
        Y.applyUpdate(this.doc, message.update, fromRelay);
        connection.synced = true;
        return;
      case 'sync-update':
        Y.applyUpdate(this.doc, message.update, fromRelay);
        return;
      case 'welcome':
        if (!message.capabilities.includes(capabilities.ack)) this.errors.push('ack/1 not granted');
        connection.welcomed = true;
        // SYNC-ACK-6: everything not seen acked, merged into one update under a new ref.
        if (this.unacked.length > 0) this.#sendWithRef(connection, Y.mergeUpdates(this.unacked.map((local) => local.update)), [...this.unacked]);
        if (connection.replyTo !== undefined) this.#replyWithRef(connection, connection.replyTo);
        connection.replyTo = undefined;
        return;
      case 'ack': {
        // SYNC-ACK-3: exactly one answer per ref, in order, with non-decreasing seqs.
        const expected = connection.outstanding.shift();
        if (expected?.ref !== message.ref) this.errors.push(`ack for ref ${String(message.ref)}, expected ${String(expected?.ref)}`);
        if (message.seq < connection.lastSeq) this.errors.push(`ack seq ${String(message.seq)} after ${String(connection.lastSeq)}`);
        connection.lastSeq = message.seq;
        for (const local of expected?.covers ?? []) local.acked = true;
        this.unacked = this.unacked.filter((local) => !local.acked);
        return;
      }
      case 'rejected':
        this.errors.push(`rejected ${message.code}: ${message.reason}`);
        return;
      case 'permission-denied':
        this.errors.push(`permission denied: ${message.reason}`);
        return;
      case 'awareness':
      case 'query-awareness':
        return;
    }
  }

  /** The reply to the relay's step 1 as update-with-ref: everything it lacks, our unacked updates included. */
  #replyWithRef(connection: Connection, stateVector: Uint8Array): void {
    this.#sendWithRef(connection, Y.encodeStateAsUpdate(this.doc, stateVector), [...this.unacked]);
  }

  #sendWithRef(connection: Connection, update: Uint8Array, covers: LocalUpdate[]): void {
    const ref = connection.nextRef++;
    connection.outstanding.push({ ref, covers });
    connection.link.toRelay.push(encodeUpdateWithRef(ref, update));
  }
}

// ---------------------------------------------------------------------------------------------
// Random edits

const WORDS = ['goblin', 'ale', 'dragon', 'map', 'torch', 'rope', 'gold', 'riddle', ' ', '\n', 'é', '🐉'];

function randomEdit(doc: Y.Doc, random: Random): void {
  const text = doc.getText('notes');
  const map = doc.getMap<unknown>('party');
  const roll = random.next();
  if (roll < 0.45 || text.length === 0) {
    text.insert(random.int(text.length + 1), random.pick(WORDS));
  } else if (roll < 0.7) {
    const index = random.int(text.length);
    text.delete(index, 1 + random.int(Math.min(8, text.length - index)));
  } else if (roll < 0.95) {
    map.set(`key-${String(random.int(6))}`, random.chance(0.5) ? random.int(1000) : { by: doc.clientID, word: random.pick(WORDS) });
  } else {
    map.delete(`key-${String(random.int(6))}`);
  }
}

// ---------------------------------------------------------------------------------------------
// One run

/** Lets the relay's pending work (commits, reads) run; how many ticks pass is the random delay. */
const tick = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** A macrotask turn: lets a real database server's replies arrive, and waits without spinning. */
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

/** What a doc holds, for comparison. */
function contentOf(doc: Y.Doc): { notes: string; party: Record<string, unknown>; stateVector: number[] } {
  return { notes: doc.getText('notes').toJSON(), party: doc.getMap('party').toJSON(), stateVector: [...Y.encodeStateVector(doc)] };
}

let runs = 0;

async function runSeed(db: Database, seed: number): Promise<void> {
  const random = createRandom(seed);
  runs += 1;
  const docId = `convergence-${String(runs)}-seed-${String(seed)}`;
  const log = new PostgresUpdateLog(db);
  const cache = new MergedStateCache({ log, now: Date.now, idleTtlMs: 60_000 });
  const capture: LogCapture = createLogCapture();
  const logger = createLogger({ level: 'warn', destination: capture.destination });
  const rooms = new SyncRooms({
    log,
    cache,
    metrics: createSyncMetrics(new Registry(), () => cache.loadedDocs()),
    now: Date.now,
    maxFrameBytes: 1_048_576,
    // The relay's integration check, as mountSync wires it (SYNC-UPDATE-5/6).
    gate: new DocMirrors({ log, heldSeq: (docId) => cache.heldSeq(docId) }),
  });
  const relayCloses: string[] = [];
  // Each client draws from its own stream, so its choices do not shift the scheduler's.
  const clients = Array.from({ length: 4 + random.int(3) }, (_, index) => new SimClient(index, createRandom(seed + index + 1)));
  const links = new Map<SimClient, Link>();
  const compactions: Promise<unknown>[] = [];

  const connect = (client: SimClient): void => {
    const link = new Link(
      rooms,
      { docId, userId: client.name, access: 'write', logger },
      {
        onDropped: () => {
          links.delete(client);
          client.disconnected();
        },
        onRelayClose: (code) => relayCloses.push(`${client.name}: ${String(code)}`),
      },
    );
    links.set(client, link);
    client.connect(link);
  };
  /** Moves up to `count` frames one way on one link; returns how many moved. */
  const deliver = (client: SimClient, link: Link, count: number, towardsRelay: boolean): number => {
    if (towardsRelay) return link.deliverToRelay(count);
    const frames = link.takeForClient(count);
    for (const frame of frames) client.receive(frame);
    return frames.length;
  };
  const flushAll = (): number => {
    let moved = 0;
    for (const [client, link] of [...links]) {
      moved += deliver(client, link, Number.MAX_SAFE_INTEGER, true);
      moved += deliver(client, link, Number.MAX_SAFE_INTEGER, false);
    }
    return moved;
  };
  /**
   * Drains every queue, letting the relay work between rounds, until `done` holds. Gives up only
   * after many rounds in a row in which no frame moved (a stuck exchange, not a slow machine).
   */
  const until = async (done: () => boolean, what: string): Promise<void> => {
    for (let idleRounds = 0; idleRounds < 2_000; ) {
      idleRounds = flushAll() > 0 ? 0 : idleRounds + 1;
      if (done()) return;
      await pause();
    }
    throw new Error(`never reached: ${what}`);
  };

  for (const client of clients) if (random.chance(0.7)) connect(client);

  for (let step = 0; step < STEPS; step += 1) {
    const roll = random.next();
    const client = random.pick(clients);
    const link = links.get(client);
    if (roll < 0.25) {
      // Online or offline: the doc is the device's copy either way.
      randomEdit(client.doc, random);
    } else if (roll < 0.6) {
      const open = [...links];
      if (open.length > 0) {
        const [receiver, itsLink] = random.pick(open);
        deliver(receiver, itsLink, 1 + random.int(6), random.chance(0.5));
      }
    } else if (roll < 0.85) {
      // Let the relay commit and answer: delays are the ticks between deliveries (a macrotask
      // turn now and then, so a real PostgreSQL server's replies arrive mid-run too).
      if (random.chance(0.25)) await pause();
      else for (let ticks = random.int(8); ticks >= 0; ticks -= 1) await tick();
    } else if (roll < 0.89) {
      link?.drop();
    } else if (roll < 0.97) {
      if (link === undefined) connect(client);
    } else if (roll < 0.985) {
      // The relay forgets its merged state and reloads it from the log on next use.
      cache.unload(docId);
    } else {
      // Compaction races with appends (never blocks them); the state must not change.
      compactions.push(log.compact(docId, { keepHistory: random.chance(0.5) }));
    }
  }

  // Everyone comes back, says everything, hears everything.
  for (const client of clients) if (!links.has(client)) connect(client);
  await until(() => clients.every((client) => client.idle), 'every client synced with every update acked');
  for (const client of clients) client.probe();
  await until(() => clients.every((client) => client.idle), 'every probe acked');
  await Promise.all(compactions);

  for (const client of clients) expect(client.errors, client.name).toEqual([]);
  expect(relayCloses).toEqual([]);
  expect(capture.entries()).toEqual([]);

  const [first, ...others] = clients;
  if (first === undefined) throw new Error('no clients');
  for (const other of others) expect(contentOf(other.doc), `${other.name} vs ${first.name}`).toEqual(contentOf(first.doc));
  // The durable state, as a relay restarted from the log would serve it.
  const loaded = await log.loadState(docId);
  const stored = new Y.Doc();
  const updates = loaded.tail.map((entry) => entry.update);
  Y.applyUpdate(stored, Y.mergeUpdates(loaded.snapshot === null ? updates : [loaded.snapshot, ...updates]));
  expect(contentOf(stored), 'update log vs clients').toEqual(contentOf(first.doc));
  expect(stored.store.pendingStructs).toBeNull();
  for (const link of [...links.values()]) link.drop();
}

/** Runs a seed and names it in the failure, so `CONVERGENCE_SEEDS=<seed>` replays it. */
async function runNamedSeed(db: Database, seed: number): Promise<void> {
  try {
    await runSeed(db, seed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`convergence failed for seed ${String(seed)} (replay: CONVERGENCE_SEEDS=${String(seed)}): ${message}`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Backends

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') {
  console.warn('[relay/sync convergence] TEST_DATABASE_URL is not set: the random convergence test runs on PGlite only.');
}

const backends: { name: string; skip: boolean; open: () => Promise<TestDatabase> }[] = [
  { name: 'PGlite', skip: false, open: () => createTestPgliteDatabase() },
  { name: 'PostgreSQL', skip: adminUrl === '', open: () => createTestPostgresDatabase(adminUrl) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`seeded random convergence through one SyncRooms on ${backend.name}`, () => {
    let database: TestDatabase | undefined;

    beforeAll(async () => {
      database = await backend.open();
      await runMigrations(database.db, syncMigrations);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    for (const seed of SEEDS) {
      it(`SYNC-ACK-2 / SYNC-ACK-3 / SYNC-ACK-6 / SYNC-ACK-7: clients with random edits, drops and offline work converge with the log (seed ${String(seed)})`, async () => {
        if (database === undefined) throw new Error('no database');
        await runNamedSeed(database.db, seed);
      });
    }
  });
}
