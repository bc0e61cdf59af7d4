import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode-client-message';
import { decodeServerMessage } from './decode-server-message';
import { encodeLimits, encodeUpdateFragment, fragmentUpdate } from './encode-extension';
import type { UpdateFragmentMessage } from './messages';

const limits = { maxFrameBytes: 64 * 1024 };

const bigUpdate = (): Uint8Array => {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'The long night of the lich. '.repeat(10_000));
  return Y.encodeStateAsUpdate(doc);
};

describe('SYNC-FRAG: fragmented updates on the wire', () => {
  it('SYNC-FRAG-2 fragmentUpdate cuts an update into in-order fragments that reassemble to it, each frame within the limit', () => {
    const update = bigUpdate();
    const frames = fragmentUpdate(9, update, 60 * 1024);
    expect(frames.length).toBe(Math.ceil(update.byteLength / (60 * 1024)));
    const fragments = frames.map((frame) => {
      expect(frame.byteLength).toBeLessThanOrEqual(limits.maxFrameBytes);
      const decoded = decodeClientMessage(frame, limits);
      if (!decoded.ok || decoded.message.type !== 'update-fragment') throw new Error('not a fragment');
      return decoded.message;
    });
    let offset = 0;
    for (const fragment of fragments) {
      expect(fragment).toMatchObject({ ref: 9, totalBytes: update.byteLength, offset });
      offset += fragment.chunk.byteLength;
    }
    const joined = new Uint8Array(offset);
    for (const fragment of fragments) joined.set(fragment.chunk, fragment.offset);
    expect(joined).toEqual(update);
  });

  it('SYNC-FRAG-2 an update that fits in one chunk is one plain update-with-ref', () => {
    const small = Y.encodeStateAsUpdate(new Y.Doc());
    const frames = fragmentUpdate(4, small, 1024);
    expect(frames).toHaveLength(1);
    const decoded = decodeClientMessage(frames[0] ?? new Uint8Array(), limits);
    expect(decoded.ok && decoded.message).toEqual({ type: 'update-with-ref', ref: 4, update: small });
    expect(() => fragmentUpdate(1, small, 0)).toThrow(RangeError);
  });

  it('SYNC-FRAG-2 an empty chunk, or a chunk past the declared total, is malformed', () => {
    const decode = (fragment: Omit<UpdateFragmentMessage, 'type'>) => decodeClientMessage(encodeUpdateFragment(fragment), limits);
    expect(decode({ ref: 1, totalBytes: 10, offset: 0, chunk: new Uint8Array() })).toMatchObject({ ok: false, error: { code: 'malformed_frame' } });
    expect(decode({ ref: 1, totalBytes: 10, offset: 8, chunk: new Uint8Array(3) })).toMatchObject({ ok: false, error: { code: 'malformed_frame' } });
    expect(decode({ ref: 1, totalBytes: 10, offset: 7, chunk: new Uint8Array(3) })).toMatchObject({ ok: true });
  });

  it('SYNC-FRAG-1 limits is a server message, update-fragment a client message', () => {
    const frame = encodeLimits({ maxFrameBytes: 1_048_576, maxDocBytes: 16_777_216 });
    expect(decodeServerMessage(frame, limits)).toEqual({ ok: true, message: { type: 'limits', maxFrameBytes: 1_048_576, maxDocBytes: 16_777_216 } });
    expect(decodeClientMessage(frame, limits)).toMatchObject({ ok: false, error: { code: 'unexpected_message_type' } });
    const fragment = encodeUpdateFragment({ ref: 1, totalBytes: 2, offset: 0, chunk: Uint8Array.of(0) });
    expect(decodeServerMessage(fragment, limits)).toMatchObject({ ok: false, error: { code: 'unexpected_message_type' } });
  });
});
