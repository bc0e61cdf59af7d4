// Test support (not exported): a hand-driven party socket that keeps every frame it receives.
import { validators } from '@rpg-bot/contracts';
import type { PartyServerFrame } from '@rpg-bot/contracts';
import { vi } from 'vitest';
import { WebSocket } from 'ws';

export interface PartyTestClient {
  readonly socket: WebSocket;
  /** Every frame received, in order (each checked against party-server-frame.json). */
  readonly frames: PartyServerFrame[];
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
  /** Waits for the next not yet taken frame of this type and takes it. */
  next<T extends PartyServerFrame['type']>(type: T): Promise<Extract<PartyServerFrame, { type: T }>>;
  /** Seqs of the `event` frames received so far. */
  seqs(): number[];
  publish(event: unknown): void;
}

export async function partyClient(url: string): Promise<PartyTestClient> {
  const socket = new WebSocket(url);
  const frames: PartyServerFrame[] = [];
  const taken = new Set<PartyServerFrame>();
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) throw new Error('the relay sent a binary party frame');
    const checked = validators.partyServerFrame(JSON.parse(data.toString('utf8')));
    if (!checked.ok) throw new Error(`the relay sent a frame that breaks its schema: ${JSON.stringify(checked.issues)}`);
    frames.push(checked.value);
  });
  const client: PartyTestClient = {
    socket,
    frames,
    closed,
    next: async <T extends PartyServerFrame['type']>(type: T) => {
      let found: Extract<PartyServerFrame, { type: T }> | undefined;
      await vi.waitFor(
        () => {
          const frame = frames.find((candidate): candidate is Extract<PartyServerFrame, { type: T }> => candidate.type === type && !taken.has(candidate));
          if (frame === undefined) throw new Error(`no ${type} frame yet`);
          taken.add(frame);
          found = frame;
        },
        { timeout: 5000, interval: 5 },
      );
      if (found === undefined) throw new Error(`no ${type} frame`);
      return found;
    },
    seqs: () => frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : [])),
    publish: (event) => {
      socket.send(JSON.stringify({ type: 'publish', event }));
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      resolve(client);
    });
    socket.once('error', reject);
  });
}
