/**
 * A minimal opted-in sync client over a real WebSocket, written from SPEC.md with our codec: it
 * says hello asking for `ack/1`, syncs its Y.Doc both ways (sync step 1 / step 2), sends each
 * local change as `update-with-ref` once `welcome` granted acks (SYNC-HELLO-3), and reports for
 * every change whether the relay acknowledged it. It never reconnects: a test opens a new one.
 */
import {
  capabilities,
  decodeServerMessage,
  defaultLimits,
  encodeHello,
  encodeSyncStep1,
  encodeUpdateWithRef,
  PROTOCOL_VERSION,
} from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/** How the relay answered one change (SYNC-ACK-3: exactly once, unless the socket went first). */
export type ChangeOutcome =
  | { readonly status: 'acked'; readonly ref: number; readonly seq: number }
  | { readonly status: 'rejected'; readonly ref: number; readonly code: string }
  /** The socket closed before an answer: "unknown", never "saved" (SYNC-ACK-5). */
  | { readonly status: 'unknown'; readonly ref: number };

export interface ProtocolClient {
  readonly doc: Y.Doc;
  /** Resolves once the relay's sync step 2 (everything it had when we connected) is applied. */
  readonly synced: Promise<void>;
  /** Resolves with the close code once the socket is closed. */
  readonly closed: Promise<number>;
  /** Updates sent (or waiting for `welcome`) that have no answer yet. */
  unanswered(): number;
  /** Frames the client could not make sense of (an empty list is the expected outcome). */
  readonly errors: readonly string[];
  /** Runs `edit` in one transaction and sends the resulting update under a new ref. */
  change(edit: (doc: Y.Doc) => void): Promise<ChangeOutcome>;
  /** Closes the socket normally and waits for it. */
  close(): Promise<number>;
}

/** A Yjs v1 update with no structs and no deletes. */
const EMPTY_UPDATE = Uint8Array.from([0, 0]);

/** The origin of updates applied from the relay: they are not sent back. */
const fromRelay = Symbol('from relay');

interface Pending {
  readonly update: Uint8Array;
  ref?: number;
  /** Replaced by `change` with its promise's resolve. */
  settle: (outcome: ChangeOutcome) => void;
}

/** Opens `url` (see `syncUrl`) for `doc` (a new empty one by default) and says hello. */
export async function connectProtocolClient(url: string, doc: Y.Doc = new Y.Doc()): Promise<ProtocolClient> {
  const socket = new WebSocket(url);
  socket.binaryType = 'nodebuffer';
  let welcomed = false;
  let nextRef = 1;
  /** Changes waiting for `welcome`, then for their answer, in the order they were made. */
  const pending: Pending[] = [];
  const answered = new Map<number, Pending>();
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });

  const sendChange = (item: Pending): void => {
    const ref = nextRef++;
    item.ref = ref;
    answered.set(ref, item);
    socket.send(encodeUpdateWithRef(ref, item.update));
  };

  const track = (item: Pending): void => {
    pending.push(item);
    if (welcomed) sendChange(item);
  };

  const answer = (ref: number, outcome: ChangeOutcome): void => {
    const item = answered.get(ref);
    if (item === undefined) throw new Error(`the relay answered ref ${String(ref)}, which is not outstanding`);
    answered.delete(ref);
    pending.splice(pending.indexOf(item), 1);
    item.settle(outcome);
  };

  const onMessage = (message: ServerMessage): void => {
    switch (message.type) {
      case 'sync-step1': {
        // SYNC-ACK-6: the reply to the relay's step 1 goes out as update-with-ref, so that what the
        // relay lacked (offline edits, changes it never acked before a crash) is confirmed too.
        const diff = Y.encodeStateAsUpdate(doc, message.stateVector);
        if (diff.length === EMPTY_UPDATE.length && diff.every((byte, index) => byte === EMPTY_UPDATE[index])) return;
        track({ update: diff, settle: () => undefined });
        return;
      }
      case 'sync-step2':
        Y.applyUpdate(doc, message.update, fromRelay);
        markSynced();
        return;
      case 'sync-update':
        Y.applyUpdate(doc, message.update, fromRelay);
        return;
      case 'welcome':
        if (!message.capabilities.includes(capabilities.ack)) throw new Error('the relay did not grant ack/1');
        welcomed = true;
        for (const item of pending) sendChange(item);
        return;
      case 'ack':
        answer(message.ref, { status: 'acked', ref: message.ref, seq: message.seq });
        return;
      case 'rejected':
        if (message.ref !== undefined) answer(message.ref, { status: 'rejected', ref: message.ref, code: message.code });
        return;
      case 'awareness':
      case 'query-awareness':
      case 'permission-denied':
        return;
    }
  };

  const errors: string[] = [];
  socket.on('message', (data: Buffer) => {
    const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
    if (!decoded.ok) {
      errors.push(`undecodable frame from the relay: ${decoded.error.message}`);
      return;
    }
    try {
      onMessage(decoded.message);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  });
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === fromRelay) return;
    // Settled by `change`, which made this transaction; a bare edit of `doc` is sent all the same.
    track({ update, settle: () => undefined });
  };
  const closed = new Promise<number>((resolve) => {
    socket.once('close', (code: number) => {
      // The doc may outlive this socket (a test reconnects with it): stop sending its edits here.
      doc.off('update', onUpdate);
      for (const item of pending.splice(0)) item.settle({ status: 'unknown', ref: item.ref ?? 0 });
      answered.clear();
      resolve(code);
    });
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      resolve();
    });
    socket.once('error', reject);
  });
  doc.on('update', onUpdate);
  socket.send(encodeHello({ version: PROTOCOL_VERSION, capabilities: [capabilities.ack] }));
  socket.send(encodeSyncStep1(Y.encodeStateVector(doc)));

  return {
    doc,
    synced,
    closed,
    errors,
    unanswered: () => pending.length,
    change(edit) {
      const before = pending.length;
      doc.transact(() => {
        edit(doc);
      });
      const made = pending.slice(before);
      const item = made[0];
      if (made.length !== 1 || item === undefined) throw new Error('change() must make exactly one non-empty update');
      return new Promise<ChangeOutcome>((resolve) => {
        if (socket.readyState === WebSocket.OPEN) item.settle = resolve;
        else resolve({ status: 'unknown', ref: item.ref ?? 0 });
      });
    },
    close() {
      socket.close(1000);
      return closed;
    },
  };
}
