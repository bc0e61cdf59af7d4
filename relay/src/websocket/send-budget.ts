/**
 * Send back-pressure of one WebSocket (SYNC-LIMIT-5). The relay never waits for a peer: it writes
 * and moves on, and `ws` keeps what the network has not taken yet (`bufferedAmount`). A peer that
 * stops reading would make that grow without end, so before each send the relay checks how much is
 * still unsent: more than `maxBufferedBytes` beyond the largest frame it already sent this socket
 * means the peer is too far behind, and it is closed with SlowConsumer (4507) instead.
 *
 * The largest frame is allowed on top because one frame may legitimately be big (the whole state
 * of a large doc on join); a peer slowly downloading it must not be cut off by the next small
 * update. Memory held for one peer is therefore at most `maxBufferedBytes` + 2 × its largest frame.
 */
export class SendBudget {
  readonly #maxBufferedBytes: number;
  #largestFrame = 0;

  constructor(maxBufferedBytes: number) {
    if (!(maxBufferedBytes > 0)) throw new RangeError('maxBufferedBytes must be positive');
    this.#maxBufferedBytes = maxBufferedBytes;
  }

  /**
   * Whether a frame of `frameBytes` may be sent now that `bufferedBytes` are still unsent; when it
   * may, the frame counts towards the largest one sent.
   */
  admits(bufferedBytes: number, frameBytes: number): boolean {
    if (bufferedBytes > this.#maxBufferedBytes + this.#largestFrame) return false;
    this.#largestFrame = Math.max(this.#largestFrame, frameBytes);
    return true;
  }
}

/** `WS_MAX_SEND_BUFFER_BYTES` by default: 4 MiB. */
export const DEFAULT_WS_MAX_SEND_BUFFER_BYTES = 4 * 1024 * 1024;

/** The bound a socket uses: the configured one, but never below twice the socket's frame limit. */
export function sendBufferBound(configured: number, maxFrameBytes: number): number {
  return Math.max(configured, 2 * maxFrameBytes);
}
