import type { CloudEvent, PartyServerFrame } from '@rpg-bot/contracts';
import { backoffDelay } from './backoff';
import type { LocalDb, PartyOutboxRow } from './local-db';
import { checkOutgoing, readFrame } from './party-validation';
import { ReconnectingSocket } from './reconnecting-socket';
import type { SocketEnvironment } from './reconnecting-socket';
import type { PartyEvent, PartyStatus, SyncState } from './types';

export interface PartySessionOptions {
  readonly campaignId: string;
  readonly partyUrl: string;
  readonly db: LocalDb;
  readonly env: SocketEnvironment;
  readonly online: boolean;
  readonly now: () => number;
  readonly newId: () => string;
  readonly onError: (error: unknown, context: string) => void;
  /** The previous feed of the same campaign finished writing (a reopen must see its cache). */
  readonly after: Promise<void>;
}

/** Rate-limited publishes are retried after this floor (plus jitter). */
const RATE_LIMIT_RETRY_MS = 2_000;

type StampedEvent = PartyEvent & { readonly seq: number };

/**
 * The party feed of one campaign: a Dexie cache of received events (a reconnect replays from the
 * last cached seq), a Dexie outbox for events composed here (sent once the relay's replay is done,
 * removed on ack), validation both ways, a gap flag and a count of dropped invalid envelopes.
 */
export class PartySession {
  readonly campaignId: string;
  readonly whenLoaded: Promise<void>;
  readonly #options: PartySessionOptions;
  readonly #socket: ReconnectingSocket;
  readonly #listeners = new Set<() => void>();
  /** Received events by seq. */
  readonly #events = new Map<number, StampedEvent>();
  readonly #eventIds = new Set<string>();
  #outbox: PartyOutboxRow[] = [];
  readonly #failed = new Map<string, { readonly event: CloudEvent; readonly code: string }>();
  /** Outbox ids sent on the current connection and not answered yet. */
  readonly #sent = new Set<string>();
  #ready = false;
  #gap = false;
  #droppedInvalid = 0;
  #active = true;
  /** Received events, ascending by seq. */
  readonly #stamped: StampedEvent[] = [];
  #view: readonly PartyEvent[] | undefined;
  /** IndexedDB writes in flight (the store closes the database after them). */
  #writes: Promise<void> = Promise.resolve();
  #retryAttempt = 0;
  #cancelRetry: (() => void) | undefined;

  constructor(options: PartySessionOptions) {
    this.#options = options;
    this.campaignId = options.campaignId;
    this.#socket = new ReconnectingSocket(options.env, {
      url: (token) =>
        `${options.partyUrl}/${encodeURIComponent(options.campaignId)}?token=${encodeURIComponent(token)}&since=${this.#lastSeq()}`,
      binary: false,
      opened: () => {
        this.#ready = false;
        this.#sent.clear();
      },
      message: (data) => {
        this.#receive(data);
      },
      closed: () => {
        this.#ready = false;
        this.#sent.clear();
        this.#changed();
      },
      phaseChanged: () => {
        this.#changed();
      },
    });
    if (!options.online) this.#socket.setOnline(false);
    this.whenLoaded = this.#load();
    this.whenLoaded.catch((error: unknown) => {
      options.onError(error, `loading the party cache of ${options.campaignId}`);
    });
  }

  events(): readonly PartyEvent[] {
    this.#view ??= this.#compose();
    return this.#view;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  status(): PartyStatus {
    return { state: this.#state(), pendingEvents: this.#outbox.length, gap: this.#gap, droppedInvalid: this.#droppedInvalid };
  }

  async publish(type: string, data: unknown): Promise<string> {
    if (!this.#active) throw new Error('PartyFeed.publish after release()');
    const { campaignId, now, newId, db } = this.#options;
    const event: CloudEvent = {
      specversion: '1.0',
      id: newId(),
      // The relay overwrites source and time; the envelope schema requires a source.
      source: `/campaigns/${campaignId}`,
      type,
      time: new Date(now()).toISOString(),
      datacontenttype: 'application/json',
      data,
    };
    checkOutgoing(event);
    const row: PartyOutboxRow = { campaignId, id: event.id, createdAt: now(), event };
    this.#outbox.push(row);
    this.#changed();
    // Still sent from memory if this fails; only a reload before the ack would lose it.
    await this.#write(`storing a party event of ${campaignId}`, () => db.partyOutbox.put(row));
    this.#flush();
    return event.id;
  }

  setOnline(online: boolean): void {
    this.#socket.setOnline(online);
  }

  /** Resolves when the IndexedDB writes started so far have finished. */
  settled(): Promise<void> {
    return this.#writes;
  }

  close(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#cancelRetry?.();
    this.#socket.stop();
    this.#listeners.clear();
  }

  async #load(): Promise<void> {
    const { db, campaignId, after } = this.#options;
    await after;
    const [rows, outbox] = await db.transaction('r', [db.partyEvents, db.partyOutbox], () =>
      Promise.all([db.partyEvents.where('campaignId').equals(campaignId).toArray(), db.partyOutbox.where('campaignId').equals(campaignId).sortBy('createdAt')]),
    );
    for (const row of rows) this.#remember(row.event as StampedEvent);
    const inMemory = this.#outbox;
    this.#outbox = [...outbox.filter((row) => !this.#eventIds.has(row.id)), ...inMemory.filter((row) => !outbox.some((stored) => stored.id === row.id))];
    this.#changed();
    if (this.#active) this.#socket.start();
  }

  #lastSeq(): number {
    return this.#stamped.at(-1)?.seq ?? 0;
  }

  #receive(data: unknown): void {
    const incoming = readFrame(data);
    switch (incoming.kind) {
      case 'event':
        this.#received(incoming.event);
        return;
      case 'invalid-event':
        this.#droppedInvalid += 1;
        this.#changed();
        return;
      case 'control':
        this.#control(incoming.frame);
        return;
      case 'unreadable':
        // Not something this client understands; the relay never sends it, so ignore it.
        return;
    }
  }

  #control(frame: Exclude<PartyServerFrame, { type: 'event' }>): void {
    switch (frame.type) {
      case 'gap':
        this.#gap = true;
        this.#changed();
        return;
      case 'ready':
        this.#ready = true;
        this.#socket.healthy();
        this.#flush();
        this.#changed();
        return;
      case 'ack':
        this.#settle(frame.id);
        return;
      case 'rejected':
        if (frame.id === null) return;
        this.#sent.delete(frame.id);
        if (frame.code === 'rate_limited') {
          this.#scheduleRetry();
          return;
        }
        this.#fail(frame.id, frame.code);
        return;
    }
  }

  #received(event: StampedEvent): void {
    if (this.#events.has(event.seq)) return;
    this.#remember(event);
    const { db, campaignId } = this.#options;
    void this.#write(`caching a party event of ${campaignId}`, () => db.partyEvents.put({ campaignId, seq: event.seq, event }));
    // Our own event echoed back is committed, whether or not its ack arrived.
    if (this.#outbox.some((row) => row.id === event.id)) this.#settle(event.id);
    else this.#changed();
  }

  #remember(event: StampedEvent): void {
    if (this.#events.has(event.seq)) return;
    this.#events.set(event.seq, event);
    this.#eventIds.add(event.id);
    const stamped = this.#stamped;
    // Events arrive in seq order; the binary search only runs for the odd late one.
    if ((stamped.at(-1)?.seq ?? 0) < event.seq) {
      stamped.push(event);
      return;
    }
    let low = 0;
    let high = stamped.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((stamped[mid]?.seq ?? 0) < event.seq) low = mid + 1;
      else high = mid;
    }
    stamped.splice(low, 0, event);
  }

  /** The relay committed the event: it leaves the outbox. */
  #settle(id: string): void {
    this.#sent.delete(id);
    this.#outbox = this.#outbox.filter((row) => row.id !== id);
    this.#deleteFromOutbox(id);
    this.#changed();
  }

  /** The relay refused it for good: shown as failed, never sent again. */
  #fail(id: string, code: string): void {
    const row = this.#outbox.find((entry) => entry.id === id);
    if (row === undefined) return;
    this.#outbox = this.#outbox.filter((entry) => entry.id !== id);
    this.#failed.set(id, { event: row.event, code });
    this.#deleteFromOutbox(id);
    this.#changed();
  }

  #deleteFromOutbox(id: string): void {
    const { db, campaignId } = this.#options;
    void this.#write(`removing a party event from the outbox of ${campaignId}`, () => db.partyOutbox.delete([campaignId, id]));
  }

  /** Runs one IndexedDB write after the previous ones; failures are reported, never thrown. */
  #write(context: string, task: () => Promise<unknown>): Promise<void> {
    const next = this.#writes.then(task).then(
      () => undefined,
      (error: unknown) => {
        this.#options.onError(error, context);
      },
    );
    this.#writes = next;
    return next;
  }

  #flush(): void {
    if (!this.#ready) return;
    for (const row of this.#outbox) {
      if (this.#sent.has(row.id)) continue;
      if (!this.#socket.send(JSON.stringify({ type: 'publish', event: row.event }))) return;
      this.#sent.add(row.id);
    }
  }

  #scheduleRetry(): void {
    if (this.#cancelRetry !== undefined) return;
    const { env } = this.#options;
    const delay = backoffDelay(this.#retryAttempt++, RATE_LIMIT_RETRY_MS, env.random, env.backoff);
    this.#cancelRetry = env.timers.schedule(() => {
      this.#cancelRetry = undefined;
      this.#flush();
    }, delay);
  }

  #state(): SyncState {
    const phase = this.#socket.phase();
    switch (phase) {
      case 'open':
        return this.#ready && this.#outbox.length === 0 ? 'synced' : 'syncing';
      case 'stopped':
        return 'offline';
      default:
        return phase;
    }
  }

  #changed(): void {
    this.#view = undefined;
    for (const listener of [...this.#listeners]) listener();
  }

  #compose(): readonly PartyEvent[] {
    const pending: PartyEvent[] = this.#outbox.filter((row) => !this.#eventIds.has(row.id)).map((row) => ({ ...row.event, pending: true }));
    const failed: PartyEvent[] = [...this.#failed.values()].map(({ event, code }) => ({ ...event, failed: code }));
    return [...this.#stamped, ...pending, ...failed];
  }
}
