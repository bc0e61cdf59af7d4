import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeCodes } from './close-codes';
import type { CloseCodeInfo } from './close-codes';
import { decodeClientMessage } from './decode-client-message';
import { encodeAck, encodeWelcome } from './encode-extension';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './encode-yjs';
import { closeCodeForError } from './protocol-error';

/**
 * An unmodified y-websocket `WebsocketProvider` talking to a minimal relay built only from this
 * package's codec, over an in-process socket (no port, no network).
 */
class InProcessRelay {
  readonly doc = new Y.Doc();
  readonly sockets = new Set<FakeSocket>();
  readonly sentTypes: number[] = [];
  private seq = 0;

  connect(socket: FakeSocket): void {
    this.sockets.add(socket);
    this.send(socket, encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  receive(from: FakeSocket, frame: Uint8Array): void {
    const result = decodeClientMessage(frame, { maxFrameBytes: 1 << 20 });
    if (!result.ok) {
      this.close(from, closeCodeForError(result.error));
      return;
    }
    const message = result.message;
    switch (message.type) {
      case 'sync-step1':
        this.send(from, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'sync-step2':
      case 'sync-update':
        this.apply(from, message.update);
        return;
      case 'update-with-ref':
        this.apply(from, message.update);
        this.send(from, encodeAck(message.ref, ++this.seq));
        return;
      case 'hello':
        this.send(from, encodeWelcome({ version: 1, capabilities: [] }));
        return;
      case 'awareness':
        for (const socket of this.sockets) if (socket !== from) this.send(socket, encodeAwareness(message.update));
        return;
      case 'query-awareness':
        return;
    }
  }

  close(socket: FakeSocket, info: CloseCodeInfo): void {
    this.sockets.delete(socket);
    socket.serverClose(info.code, info.reason);
  }

  private apply(from: FakeSocket, update: Uint8Array): void {
    Y.applyUpdate(this.doc, update);
    for (const socket of this.sockets) if (socket !== from) this.send(socket, encodeSyncUpdate(update));
  }

  private send(socket: FakeSocket, frame: Uint8Array): void {
    this.sentTypes.push(frame[0] ?? -1);
    socket.deliver(frame);
  }
}

let relay = new InProcessRelay();
let opened = 0;

/** The subset of the browser WebSocket that y-websocket uses. */
class FakeSocket {
  static readonly OPEN = 1;
  readonly OPEN = 1;
  binaryType = 'blob';
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(_url: string) {
    opened++;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
      relay.connect(this);
    });
  }

  send(data: Uint8Array): void {
    const copy = data.slice();
    queueMicrotask(() => { relay.receive(this, copy); });
  }

  deliver(frame: Uint8Array): void {
    const buffer = frame.slice().buffer;
    queueMicrotask(() => { if (this.readyState === 1) this.onmessage?.({ data: buffer }); });
  }

  serverClose(code: number, reason: string): void {
    this.readyState = 3;
    queueMicrotask(() => { this.onclose?.({ code, reason }); });
  }

  close(): void {
    this.readyState = 3;
    relay.sockets.delete(this);
  }
}

/** Generous: the provider reconnects on its own timer (200 ms after the first close). */
const wait = { timeout: 10_000 };

const providers: WebsocketProvider[] = [];
const stockClient = (doc: Y.Doc): WebsocketProvider => {
  const provider = new WebsocketProvider('ws://relay.test/v1/sync', 'campaign-1', doc, {
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  return provider;
};

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  relay = new InProcessRelay();
  opened = 0;
});

describe('SYNC-COMPAT: an unmodified y-websocket client against our codec', () => {
  it('SYNC-COMPAT-6 two stock providers converge and never see extension messages (SYNC-HELLO-4)', async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('log').insert(0, 'The dragon wakes. ');
    const providerA = stockClient(a);
    const providerB = stockClient(b);
    await vi.waitFor(() => { expect(providerA.synced && providerB.synced).toBe(true); }, wait);
    b.getMap('hp').set('Aria', 7);
    b.getText('log').insert(0, 'Roll initiative! ');
    providerA.awareness.setLocalState({ name: 'DM' });
    await vi.waitFor(() => {
      expect(a.getText('log').toJSON()).toBe(b.getText('log').toJSON());
      expect(a.getMap('hp').toJSON()).toEqual({ Aria: 7 });
      expect(providerB.awareness.getStates().get(a.clientID)).toEqual({ name: 'DM' });
    }, wait);
    expect(relay.doc.getText('log').toJSON()).toBe(a.getText('log').toJSON());
    expect(relay.sentTypes.every((type) => type < 100)).toBe(true);
  });

  it('SYNC-CLOSE-2 a stock client stops after Forbidden (44xx)', async () => {
    const provider = stockClient(new Y.Doc());
    await vi.waitFor(() => { expect(provider.synced).toBe(true); }, wait);
    const closed = new Promise<{ code: number }>((resolve) => { provider.on('closed', (event) => { resolve(event); }); });
    for (const socket of [...relay.sockets]) relay.close(socket, closeCodes.Forbidden);
    expect((await closed).code).toBe(4403);
    expect(provider.shouldConnect).toBe(false);
  });

  it('SYNC-CLOSE-2 a stock client reconnects after TryAgain (45xx)', async () => {
    const provider = stockClient(new Y.Doc());
    await vi.waitFor(() => { expect(provider.synced).toBe(true); }, wait);
    for (const socket of [...relay.sockets]) relay.close(socket, closeCodes.TryAgain);
    await vi.waitFor(() => { expect(opened).toBe(2); expect(provider.synced).toBe(true); }, wait);
    expect(provider.shouldConnect).toBe(true);
  });
});
