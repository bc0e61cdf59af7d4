// Parent side of clients-worker.mjs: fork it, send one command at a time, await its answer.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { now } from './clock.mjs';

/** @typedef {import('./servers.mjs').BenchDoc} BenchDoc */
/** @typedef {import('./stats.mjs').Summary} Summary */

/**
 * @typedef {{ cmd: 'observe', syncUrl: string, doc: BenchDoc, count: number, timeoutMs: number }
 *   | { cmd: 'clock' }
 *   | { cmd: 'collect', expected: number, warmup: number, offsetMs: number, drainTimeoutMs: number }
 *   | { cmd: 'join', syncUrl: string, doc: BenchDoc, count: number, timeoutMs: number }
 *   | { cmd: 'exit' }} CrowdCommand
 */

/**
 * @typedef {{ type: 'ready' }
 *   | { type: 'clock', now: number }
 *   | { type: 'collected', latency: Summary, received: number[], firstReceive: number, lastReceive: number }
 *   | { type: 'joined', syncedMs: number[], failed: number, maxStep2Bytes: number }
 *   | { type: 'error', message: string }} CrowdReply
 */

const workerPath = fileURLToPath(new URL('clients-worker.mjs', import.meta.url));

/** A forked clients-worker.mjs. */
export class Crowd {
  #child = fork(workerPath, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @type {((reply: CrowdReply) => void) | undefined} */
  #waiting;

  constructor() {
    this.#child.on('message', (/** @type {CrowdReply} */ reply) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(reply);
    });
  }

  get pid() {
    return this.#child.pid;
  }

  /**
   * @template {CrowdReply['type']} T
   * @param {CrowdCommand} command
   * @param {T} expected the reply type that means success
   * @returns {Promise<Extract<CrowdReply, { type: T }>>}
   */
  request(command, expected) {
    return new Promise((resolve, reject) => {
      /** @param {number | null} code */
      const onExit = (code) => {
        reject(new Error(`the clients worker exited with ${String(code)}`));
      };
      this.#child.once('exit', onExit);
      this.#waiting = (reply) => {
        this.#child.off('exit', onExit);
        if (reply.type === expected) resolve(/** @type {Extract<CrowdReply, { type: T }>} */ (reply));
        else reject(new Error(reply.type === 'error' ? `clients worker: ${reply.message}` : `unexpected reply ${reply.type}`));
      };
      this.#child.send(command);
    });
  }

  /**
   * Offset of the worker's clock against ours (worker minus parent), from the round trip with the
   * smallest delay among `probes`.
   * @param {number} [probes]
   */
  async clockOffset(probes = 20) {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let i = 0; i < probes; i += 1) {
      const sent = now();
      const { now: theirs } = await this.request({ cmd: 'clock' }, 'clock');
      const back = now();
      if (back - sent < best.rtt) best = { rtt: back - sent, offset: theirs - (sent + back) / 2 };
    }
    return best;
  }

  async close() {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.send({ cmd: 'exit' });
    await exited;
  }
}
