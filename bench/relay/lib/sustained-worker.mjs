// The sustained-editing crowd: a child process holding every socket of the `sustained` scenario —
// writers and readers at once (each socket does both) — so the benchmark process only coordinates.
// Frames are written and read by hand from the y-websocket layout and SPEC.md (hello, update-with-ref,
// ack), because the stock provider cannot ask for acks. Timestamps are this process's own clock.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { now, sleep } from './clock.mjs';
import { readStamps, writeEdit } from './fanout-edits.mjs';
import { summarize } from './stats.mjs';

/** @typedef {import('./servers.mjs').BenchDoc} BenchDoc */

/**
 * @typedef {object} SustainCommand
 * @property {'sustain'} cmd
 * @property {'ours' | 'baseline'} side
 * @property {string} syncUrl
 * @property {BenchDoc[]} docs
 * @property {number} perDoc sockets per doc
 * @property {number} ratePerSocket edits per second each socket makes
 * @property {number} seconds
 * @property {number} warmupSeconds edits of the first seconds are not timed
 * @property {number} drainTimeoutMs
 */

/**
 * @typedef {object} Client
 * @property {WebSocket} socket
 * @property {Y.Doc} doc
 * @property {number} docIndex
 * @property {number} nextRef
 * @property {Map<number, { sentAt: number, index: number }>} unacked ref → what it carried
 * @property {Set<number>} seen edit indexes this socket received from its peers
 * @property {Set<number>} mine edit indexes this socket made (the baseline echoes them back)
 * @property {number} closeCode 0 while open
 */

const MESSAGE_SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const HELLO = 100;
const UPDATE_WITH_REF = 102;
const ACK = 103;
const REJECTED = 104;

/** @param {(encoder: encoding.Encoder) => void} write */
function frame(write) {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** @param {unknown} message */
function reply(message) {
  process.send?.(message);
}

/**
 * @param {SustainCommand} command
 */
async function sustain(command) {
  const ours = command.side === 'ours';
  /** @type {Client[]} */
  const clients = [];
  /** @type {number[]} */
  const ackLatency = [];
  /** @type {number[]} */
  const deliveryLatency = [];
  let rejected = 0;
  let warmupEnds = Number.POSITIVE_INFINITY;
  /** edit index → [docIndex, sentAt] of every edit made */
  const edits = new Map();

  for (const [docIndex, benchDoc] of command.docs.entries()) {
    for (let i = 0; i < command.perDoc; i += 1) {
      const query = new URLSearchParams(benchDoc.params).toString();
      const socket = new WebSocket(`${command.syncUrl}/${benchDoc.docId}${query === '' ? '' : `?${query}`}`);
      socket.binaryType = 'nodebuffer';
      /** @type {Client} */
      const client = { socket, doc: new Y.Doc(), docIndex, nextRef: 1, unacked: new Map(), seen: new Set(), mine: new Set(), closeCode: 0 };
      clients.push(client);
      socket.on('close', (code) => {
        client.closeCode = code;
      });
      socket.on('error', () => undefined);
      socket.on('message', (/** @type {Buffer} */ data) => {
        const at = now();
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        const decoder = decoding.createDecoder(bytes);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const sub = decoding.readVarUint(decoder);
          if (sub === SYNC_STEP1) {
            // Answer like a provider does: what we have that the server lacks (nothing yet).
            const answer = Y.encodeStateAsUpdate(client.doc, decoding.readVarUint8Array(decoder));
            socket.send(frame((e) => { encoding.writeVarUint(e, MESSAGE_SYNC); encoding.writeVarUint(e, SYNC_STEP2); encoding.writeVarUint8Array(e, answer); }));
            return;
          }
          if (sub !== SYNC_UPDATE && sub !== SYNC_STEP2) return;
          readStamps(bytes, (index, sentAt) => {
            if (client.seen.has(index) || client.mine.has(index)) return;
            client.seen.add(index);
            if (sentAt >= warmupEnds) deliveryLatency.push(at - sentAt);
          });
          return;
        }
        if (type === ACK || type === REJECTED) {
          const flagsOrRef = decoding.readVarUint(decoder);
          const ref = type === ACK ? flagsOrRef : flagsOrRef === 1 ? decoding.readVarUint(decoder) : undefined;
          if (ref === undefined) return;
          const sent = client.unacked.get(ref);
          client.unacked.delete(ref);
          if (type === REJECTED) rejected += 1;
          else if (sent !== undefined && sent.sentAt >= warmupEnds) ackLatency.push(at - sent.sentAt);
        }
      });
      client.doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
        if (origin !== 'edit' || socket.readyState !== WebSocket.OPEN) return;
        if (ours) {
          const ref = client.nextRef++;
          client.unacked.set(ref, { sentAt: now(), index: 0 });
          socket.send(frame((e) => { encoding.writeVarUint(e, UPDATE_WITH_REF); encoding.writeVarUint(e, ref); encoding.writeVarUint8Array(e, update); }));
        } else {
          socket.send(frame((e) => { encoding.writeVarUint(e, MESSAGE_SYNC); encoding.writeVarUint(e, SYNC_UPDATE); encoding.writeVarUint8Array(e, update); }));
        }
      });
    }
  }
  await Promise.all(clients.map((client) => new Promise((resolve, reject) => {
    client.socket.once('open', resolve);
    client.socket.once('error', reject);
  })));
  if (ours) {
    const hello = frame((e) => { encoding.writeVarUint(e, HELLO); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeVarString(e, 'ack/1'); });
    for (const client of clients) client.socket.send(hello);
  }
  await sleep(1000);

  const interval = 1000 / command.ratePerSocket;
  const total = Math.round(command.ratePerSocket * command.seconds) * clients.length;
  const started = now();
  warmupEnds = started + command.warmupSeconds * 1000;
  let made = 0;
  // Socket i's k-th edit is due at started + (k + i / n) · interval: the crowd's edits are spread evenly.
  const due = (/** @type {number} */ n) => started + (Math.floor(n / clients.length) + (n % clients.length) / clients.length) * interval;
  while (made < total) {
    while (made < total && now() >= due(made)) {
      const client = clients[made % clients.length];
      if (client !== undefined) {
        const sentAt = now();
        edits.set(made, [client.docIndex, sentAt]);
        client.mine.add(made);
        client.doc.transact(() => { writeEdit(client.doc, made, sentAt, `c${String(made % clients.length)}-`); }, 'edit');
      }
      made += 1;
    }
    await sleep(1);
  }
  const finished = now();
  // Every peer of a doc must see every edit of the others; every ref must be answered.
  /** @type {number[]} */
  const expectedPerDoc = command.docs.map(() => 0);
  for (const [, [docIndex]] of edits) expectedPerDoc[docIndex] = (expectedPerDoc[docIndex] ?? 0) + 1;
  const missing = () => {
    let count = 0;
    for (const client of clients) {
      const ownEdits = Math.round(command.ratePerSocket * command.seconds);
      count += (expectedPerDoc[client.docIndex] ?? 0) - ownEdits - client.seen.size;
      count += client.unacked.size;
    }
    return count;
  };
  const drainUntil = now() + command.drainTimeoutMs;
  while (missing() > 0 && now() < drainUntil && clients.every((client) => client.closeCode === 0)) await sleep(20);
  const lastSeen = now();
  let undelivered = 0;
  let unanswered = 0;
  for (const client of clients) {
    undelivered += (expectedPerDoc[client.docIndex] ?? 0) - Math.round(command.ratePerSocket * command.seconds) - client.seen.size;
    unanswered += client.unacked.size;
  }
  /** Per doc: every writer's client id and clock, to check what the server stored. */
  const stateVectors = command.docs.map((_, docIndex) =>
    clients.filter((client) => client.docIndex === docIndex).map((client) => [client.doc.clientID, Y.getState(client.doc.store, client.doc.clientID)]),
  );
  /** A few edits some peer never got (index and which peer), to tell a lost edit from a miscount. */
  const missingSample = [];
  for (const [clientIndex, client] of clients.entries()) {
    for (const [index, [docIndex]] of edits) {
      if (missingSample.length >= 10) break;
      if (docIndex === client.docIndex && !client.mine.has(index) && !client.seen.has(index)) missingSample.push({ index, client: clientIndex });
    }
  }
  const closed = clients.filter((client) => client.closeCode !== 0).map((client) => client.closeCode);
  for (const client of clients) client.socket.close();
  reply({
    type: 'sustained',
    made: total,
    sendRate: (total / (finished - started)) * 1000,
    ack: ours ? summarize(ackLatency) : undefined,
    delivery: summarize(deliveryLatency),
    undelivered,
    unanswered: ours ? unanswered : undefined,
    rejected,
    closed,
    drainMs: lastSeen - finished,
    stateVectors,
    missingSample,
  });
}

process.on('message', (/** @type {SustainCommand | { cmd: 'exit' }} */ command) => {
  if (command.cmd === 'exit') process.exit(0);
  sustain(command).catch((error) => {
    reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
