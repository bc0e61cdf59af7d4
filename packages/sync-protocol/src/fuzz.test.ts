import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode-client-message';
import { decodeServerMessage } from './decode-server-message';
import { encodeAck, encodeHello, encodeRejected, encodeUpdateWithRef, encodeWelcome } from './encode-extension';
import {
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './encode-yjs';
import type { DecodeResult, ProtocolErrorCode } from './protocol-error';
import { createRandom } from '@rpg-bot/kit';

const seed = 20261124;
const frameCount = 5_000;
const limits = { maxFrameBytes: 2048 };

const errorCodes: readonly ProtocolErrorCode[] = [
  'frame_too_large',
  'malformed_frame',
  'unknown_message_type',
  'unexpected_message_type',
  'invalid_update',
  'invalid_state_vector',
  'invalid_awareness',
];

const validFrames = (): Uint8Array[] => {
  const doc = new Y.Doc();
  doc.clientID = 42; // fixed, so that the seed alone determines every frame
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getText('t').insert(0, 'Goblins ambush the party');
  doc.getText('t').format(0, 7, { bold: true });
  doc.getMap('m').set('loot', [1, 'gold', { gp: 30 }]);
  doc.getArray('a').push([Uint8Array.of(1, 2), new Y.Map()]);
  doc.getText('t').delete(2, 3);
  const awareness = Uint8Array.of(2, 5, 1, 2, ...new TextEncoder().encode('{}'), 6, 0, 4, ...new TextEncoder().encode('null'));
  return [
    encodeSyncStep1(Y.encodeStateVector(doc)),
    encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
    ...updates.map((u) => encodeSyncUpdate(u)),
    ...updates.map((u, i) => encodeUpdateWithRef(i * 1000, u)),
    encodeAwareness(awareness),
    encodeQueryAwareness(),
    encodeHello({ version: 1, capabilities: ['ack/1'] }),
    encodeWelcome({ version: 1, capabilities: ['ack/1'] }),
    encodeAck(3, 123456),
    encodeRejected({ ref: 9, code: 'read_only', reason: 'Viewer' }),
    encodeRejected({ code: 'doc_too_large', reason: '' }),
    encodePermissionDenied('No'),
  ];
};

type Random = ReturnType<typeof createRandom>;

const mutate = (random: Random, frame: Uint8Array, others: readonly Uint8Array[]): Uint8Array => {
  const bytes = [...frame];
  const edits = 1 + random.int(3);
  for (let i = 0; i < edits; i++) {
    const at = random.int(bytes.length + 1);
    switch (random.int(7)) {
      case 0: bytes[at] = random.int(256); break;
      case 1: bytes[at] = (bytes[at] ?? 0) ^ (1 << random.int(8)); break;
      case 2: bytes.splice(at, 1 + random.int(4)); break;
      case 3: bytes.splice(at, 0, random.int(256)); break;
      case 4: bytes.length = random.int(bytes.length + 1); break;
      case 5: bytes.push(...Array.from({ length: 1 + random.int(8) }, () => random.int(256))); break;
      default: {
        const other = others[random.int(others.length)] ?? new Uint8Array();
        bytes.splice(at, 0, ...other.subarray(random.int(other.length + 1)));
      }
    }
  }
  return Uint8Array.from(bytes.map((b) => b & 0xff));
};

const randomFrame = (random: Random): Uint8Array => {
  const types = [0, 1, 2, 3, 100, 101, 102, 103, 104, random.int(256)];
  const length = random.int(64);
  const bytes = Array.from({ length }, () => random.int(256));
  if (length > 0) bytes[0] = types[random.int(types.length)] ?? 0;
  if (length > 1 && random.int(2) === 0) bytes[1] = random.int(3);
  return Uint8Array.from(bytes);
};

/** The result must be exactly one of the two documented shapes. */
const expectTyped = (result: DecodeResult<{ type: string }>): void => {
  if (result.ok) {
    expect(typeof result.message.type).toBe('string');
  } else {
    expect(errorCodes).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
  }
};

describe(`SYNC-FRAME-4: seeded fuzz (seed ${seed}, ${frameCount} frames)`, () => {
  it('SYNC-FRAME-4 decoders never throw and return ok or a typed error; Yjs decodes every accepted update', () => {
    const random = createRandom(seed);
    const valid = validFrames();
    const seen = new Map<string, number>();
    const count = (key: string): void => { seen.set(key, (seen.get(key) ?? 0) + 1); };

    for (let i = 0; i < frameCount; i++) {
      const frame = i % 3 === 0 ? randomFrame(random) : mutate(random, valid[random.int(valid.length)] ?? new Uint8Array(), valid);
      let client: DecodeResult<{ type: string }> | undefined;
      let server: DecodeResult<{ type: string }> | undefined;
      expect(() => {
        client = decodeClientMessage(frame, limits);
        server = decodeServerMessage(frame, limits);
      }, `frame ${i}: ${Buffer.from(frame).toString('hex')}`).not.toThrow();
      if (client === undefined || server === undefined) throw new Error('unreachable');
      expectTyped(client);
      expectTyped(server);
      count(client.ok ? `ok:${client.message.type}` : client.error.code);

      const accepted = decodeClientMessage(frame, limits);
      if (accepted.ok && (accepted.message.type === 'sync-update' || accepted.message.type === 'sync-step2' || accepted.message.type === 'update-with-ref')) {
        const update = accepted.message.update;
        // Yjs reads every update we accept (SYNC-UPDATE-1); applying it may still fail (SYNC-UPDATE-4).
        expect(() => Y.decodeUpdate(update), `frame ${i}`).not.toThrow();
      }
    }
    // The fuzz must reach deep into the decoders, not stop at the first byte.
    console.info('fuzz outcomes', Object.fromEntries([...seen].sort()));
    for (const outcome of ['ok:sync-update', 'ok:update-with-ref', 'malformed_frame', 'invalid_update', 'unknown_message_type', 'unexpected_message_type', 'invalid_awareness', 'invalid_state_vector']) {
      expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  });

  it('SYNC-LIMIT-1 oversize frames are rejected whatever their content', () => {
    const random = createRandom(seed + 1);
    for (let i = 0; i < 50; i++) {
      const frame = Uint8Array.from({ length: limits.maxFrameBytes + 1 + random.int(100) }, () => random.int(256));
      const result = decodeClientMessage(frame, limits);
      expect(result.ok ? 'ok' : result.error.code).toBe('frame_too_large');
    }
  });
});
