import type pg from 'pg';
import { quoteIdentifier } from './channel';
import type { ListenOptions } from './database';
import type { DatabaseError } from './errors';
import { toDatabaseError } from './errors';
import type { DbLogger } from './logger';

interface Subscriber {
  readonly deliver: (payload: string) => void;
  readonly onReconnect: (() => void) | undefined;
}

interface ChannelEntry {
  readonly subscribers: Set<Subscriber>;
  /** The LISTEN for this entry; later subscribers wait for it too. */
  readonly listening: Promise<unknown>;
}

/** Backoff between reconnect attempts of the LISTEN connection: doubles from `minDelayMs` up to `maxDelayMs`. */
export interface ListenRetry {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultListenRetry: ListenRetry = { minDelayMs: 100, maxDelayMs: 5_000 };

/** LISTEN/NOTIFY over one dedicated, long-lived connection that is re-established when lost. */
export interface PostgresListener {
  listen(channel: string, onNotify: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** The error that broke the connection while it is down (undefined once reconnected). */
  readonly failure: DatabaseError | undefined;
  close(): Promise<void>;
}

export interface PostgresListenerOptions {
  readonly newClient: () => pg.Client;
  readonly logger: DbLogger;
  /** Called each time the connection is lost. */
  readonly onError?: ((error: DatabaseError) => void) | undefined;
  readonly retry?: ListenRetry | undefined;
}

/**
 * Connects lazily on the first listen. A lost connection is logged and reported to `onError`;
 * while it is down `listen` (and the Database's ping) reject. It is re-established with backoff:
 * every channel is LISTENed again, then every subscriber's `onReconnect` runs, because
 * notifications sent while it was down are gone for good and subscribers must re-read what they
 * may have missed.
 */
export function createPostgresListener(options: PostgresListenerOptions): PostgresListener {
  const { newClient, logger, onError } = options;
  const retry = options.retry ?? defaultListenRetry;
  const channels = new Map<string, ChannelEntry>();
  let client: Promise<pg.Client> | undefined;
  /** The connected client, known synchronously so UNLISTEN is queued in call order. */
  let active: pg.Client | undefined;
  let failure: DatabaseError | undefined;
  let closing = false;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = (): void => {
    const delay = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempts);
    attempts += 1;
    timer = setTimeout(() => {
      timer = undefined;
      void reconnect();
    }, delay);
    // A process waiting only for this reconnect may exit.
    timer.unref();
  };

  const lost = (c: pg.Client, error: unknown, context: string): void => {
    if (closing || failure !== undefined || client === undefined) return;
    void client.then((current) => {
      if (current !== c || closing || failure !== undefined) return;
      failure = toDatabaseError(error, context);
      client = undefined;
      active = undefined;
      logger.error({ err: failure }, 'the LISTEN connection failed; reconnecting');
      onError?.(failure);
      c.end().catch(() => undefined);
      scheduleReconnect();
    }, () => undefined);
  };

  const open = async (): Promise<pg.Client> => {
    const c = newClient();
    c.on('error', (error) => {
      lost(c, error, 'LISTEN connection error');
    });
    c.on('end', () => {
      lost(c, new Error('connection ended'), 'LISTEN connection lost');
    });
    c.on('notification', (message) => {
      const entry = channels.get(message.channel);
      if (entry === undefined) return;
      for (const subscriber of entry.subscribers) subscriber.deliver(message.payload ?? '');
    });
    await c.connect();
    return c;
  };

  // Read through a function: `closing` changes while reconnect awaits.
  const stopped = (): boolean => closing;

  const reconnect = async (): Promise<void> => {
    let c: pg.Client | undefined;
    try {
      c = await open();
      for (const channel of channels.keys()) await c.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      // `failure` is still set, so this client's own error/end events are ignored.
      c?.end().catch(() => undefined);
      logger.warn({ err: toDatabaseError(error), attempt: attempts }, 'reconnecting the LISTEN connection failed; retrying');
      if (!stopped()) scheduleReconnect();
      return;
    }
    if (stopped()) {
      await c.end().catch(() => undefined);
      return;
    }
    client = Promise.resolve(c);
    active = c;
    failure = undefined;
    attempts = 0;
    logger.info({ channels: channels.size }, 'the LISTEN connection is back; notifications sent meanwhile were lost');
    for (const entry of channels.values()) {
      for (const subscriber of entry.subscribers) {
        try {
          subscriber.onReconnect?.();
        } catch (error) {
          logger.error({ err: error }, 'an onReconnect handler threw');
        }
      }
    }
  };

  const connected = (): Promise<pg.Client> => {
    if (failure !== undefined) return Promise.reject(failure);
    client ??= open().then(
      (c) => {
        active = c;
        return c;
      },
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };

  const unsubscribe = async (channel: string, entry: ChannelEntry, subscriber: Subscriber) => {
    entry.subscribers.delete(subscriber);
    if (entry.subscribers.size > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    // pg runs a client's queries in order, so a LISTEN issued after this one still wins. While
    // disconnected there is nothing to undo: a reconnect LISTENs only to channels still in the map.
    if (failure === undefined && !closing && active !== undefined) await active.query(`UNLISTEN ${quoteIdentifier(channel)}`);
  };

  return {
    get failure() {
      return failure;
    },
    async listen(channel, onNotify, listenOptions) {
      const c = await connected();
      let entry = channels.get(channel);
      if (entry === undefined) {
        entry = { subscribers: new Set(), listening: c.query(`LISTEN ${quoteIdentifier(channel)}`) };
        channels.set(channel, entry);
      }
      const subscribed = entry;
      const subscriber: Subscriber = {
        deliver: (payload) => {
          onNotify(payload);
        },
        onReconnect: listenOptions?.onReconnect,
      };
      subscribed.subscribers.add(subscriber);
      try {
        await subscribed.listening;
      } catch (error) {
        subscribed.subscribers.delete(subscriber);
        if (channels.get(channel) === subscribed) channels.delete(channel);
        throw error;
      }
      return () => unsubscribe(channel, subscribed, subscriber);
    },
    async close() {
      closing = true;
      if (timer !== undefined) clearTimeout(timer);
      const pending = client;
      client = undefined;
      active = undefined;
      channels.clear();
      if (pending === undefined) return;
      try {
        await (await pending).end();
      } catch (error) {
        logger.warn({ err: toDatabaseError(error) }, 'closing the LISTEN connection failed');
      }
    },
  };
}
