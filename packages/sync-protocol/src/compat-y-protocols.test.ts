import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode-client-message';
import { decodeServerMessage } from './decode-server-message';
import { encodeAwareness, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './encode-yjs';
import { messageType } from './message-types';
import type { ClientMessage } from './messages';

const limits = { maxFrameBytes: 1 << 20 };

/** A frame exactly as y-websocket builds it: outer type, then the y-protocols writer. */
const yFrame = (type: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
};

const decodedByUs = (frame: Uint8Array): ClientMessage => {
  const result = decodeClientMessage(frame, limits);
  if (!result.ok) throw new Error(result.error.message);
  return result.message;
};

/** Feeds one of our sync frames to y-protocols' reader, as a stock y-websocket client would. */
const readWithYProtocols = (frame: Uint8Array, doc: Y.Doc): { replyType: number; reply: Uint8Array } => {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(messageType.sync);
  const encoder = encoding.createEncoder();
  const replyType = syncProtocol.readSyncMessage(decoder, encoder, doc, 'test');
  return { replyType, reply: encoding.toUint8Array(encoder) };
};

describe('SYNC-COMPAT: frames from y-protocols decode with our decoder', () => {
  it('SYNC-COMPAT-1 writeSyncStep1 / writeSyncStep2 / writeUpdate', () => {
    const doc = new Y.Doc();
    doc.getArray<string>('initiative').push(['Aria', 'Borin']);

    const step1 = decodedByUs(yFrame(messageType.sync, (e) => { syncProtocol.writeSyncStep1(e, doc); }));
    expect(step1).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });

    const step2 = decodedByUs(yFrame(messageType.sync, (e) => { syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0])); }));
    expect(step2).toEqual({ type: 'sync-step2', update: Y.encodeStateAsUpdate(doc) });

    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getArray<string>('initiative').delete(0, 1);
    const [incremental] = updates;
    expect(incremental).toBeDefined();
    const update = decodedByUs(yFrame(messageType.sync, (e) => { syncProtocol.writeUpdate(e, incremental!); }));
    expect(update).toEqual({ type: 'sync-update', update: incremental });
  });

  it('SYNC-COMPAT-2 encodeAwarenessUpdate, including a removed client', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ name: 'Aria', cursor: { index: 4 } });
    const payload = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const message = decodedByUs(yFrame(messageType.awareness, (e) => { encoding.writeVarUint8Array(e, payload); }));
    expect(message).toEqual({
      type: 'awareness',
      update: payload,
      entries: [{ clientId: doc.clientID, clock: 1, state: { name: 'Aria', cursor: { index: 4 } } }],
    });

    awareness.setLocalState(null);
    const removal = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const removed = decodedByUs(encodeAwareness(removal));
    expect(removed.type === 'awareness' && removed.entries).toEqual([{ clientId: doc.clientID, clock: 2, state: null }]);
    awareness.destroy();
  });
});

describe('SYNC-COMPAT: frames we encode are read by y-protocols', () => {
  it('SYNC-COMPAT-3 two Y.Docs converge through our encoder and decoder', () => {
    const dm = new Y.Doc();
    const player = new Y.Doc();
    dm.getText('log').insert(0, 'Session 12: ');
    dm.getMap('npc').set('innkeeper', 'Grum');
    player.getText('log').insert(0, 'Aria arrives. ');

    // Handshake in both directions: step 1 from each side, answered by the other side's step 2.
    for (const [from, to] of [[dm, player], [player, dm]] as const) {
      const { replyType, reply } = readWithYProtocols(encodeSyncStep1(Y.encodeStateVector(from)), to);
      expect(replyType).toBe(syncProtocol.messageYjsSyncStep1);
      // y-protocols wrote a bare sync step 2 (sub-type + payload); wrap it as y-websocket does.
      const step2Frame = Uint8Array.of(messageType.sync, ...reply);
      const decoded = decodeClientMessage(step2Frame, limits);
      expect(decoded.ok && decoded.message.type).toBe('sync-step2');
      if (!decoded.ok || decoded.message.type !== 'sync-step2') return;
      const applied = readWithYProtocols(encodeSyncStep2(decoded.message.update), from);
      expect(applied.replyType).toBe(syncProtocol.messageYjsSyncStep2);
      expect(applied.reply.byteLength).toBe(0);
    }
    expect(player.getText('log').toJSON()).toBe(dm.getText('log').toJSON());

    // Live updates after the handshake.
    player.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === 'test') return;
      const decoded = decodeClientMessage(encodeSyncUpdate(u), limits);
      if (decoded.ok && decoded.message.type === 'sync-update') readWithYProtocols(encodeSyncUpdate(decoded.message.update), dm);
    });
    player.getMap('npc').set('innkeeper', 'Grum the Elder');
    player.getText('log').insert(0, '[draft] ');
    expect(dm.getMap('npc').toJSON()).toEqual(player.getMap('npc').toJSON());
    expect(dm.getText('log').toJSON()).toBe(player.getText('log').toJSON());
    expect(Y.encodeStateVector(dm)).toEqual(Y.encodeStateVector(player));
  });

  it('SYNC-COMPAT-4 awareness frames apply to a y-protocols Awareness', () => {
    const source = new awarenessProtocol.Awareness(new Y.Doc());
    const target = new awarenessProtocol.Awareness(new Y.Doc());
    source.setLocalState({ name: 'Borin' });
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(source, [source.clientID]));
    const decoded = decodeServerMessage(frame, limits);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.message.type !== 'awareness') return;
    awarenessProtocol.applyAwarenessUpdate(target, decoded.message.update, 'relay');
    expect(target.getStates().get(source.clientID)).toEqual({ name: 'Borin' });
    source.destroy();
    target.destroy();
  });

  it('SYNC-COMPAT-5 permission denied is read by y-protocols auth', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('Not a member'));
    expect(decoding.readVarUint(decoder)).toBe(messageType.auth);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(['Not a member']);
  });
});
