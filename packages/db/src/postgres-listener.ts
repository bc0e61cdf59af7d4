import type pg from 'pg';
import { quoteIdentifier } from './channel';
import type { DatabaseError } from './errors';
import { toDatabaseError } from './errors';
import type { DbLogger } from './logger';

interface ChannelEntry {
  readonly subscribers: Set<(payload: string) => void>;
  /** The LISTEN for this entry; later subscribers wait for it too. */
  readonly listening: Promise<unknown>;
}

/** LISTEN/NOTIFY over one dedicated, long-lived connection. */
export interface PostgresListener {
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** The error that broke the connection, if any (there is no reconnect). */
  readonly failure: DatabaseError | undefined;
  close(): Promise<void>;
}

/**
 * Connects lazily on the first listen. A lost connection is logged, reported to `onError` once,
 * and makes later `listen` calls (and the Database's ping) fail instead of silently missing
 * notifications.
 */
export function createPostgresListener(
  newClient: () => pg.Client,
  logger: DbLogger,
  onError: ((error: DatabaseError) => void) | undefined,
): PostgresListener {
  const channels = new Map<string, ChannelEntry>();
  let client: Promise<pg.Client> | undefined;
  let failure: DatabaseError | undefined;
  let closing = false;

  const fail = (error: unknown, context: string): void => {
    if (closing || failure !== undefined) return;
    failure = toDatabaseError(error, context);
    logger.error({ err: failure }, 'the LISTEN connection failed; notifications are no longer received');
    onError?.(failure);
  };

  const connect = async (): Promise<pg.Client> => {
    const c = newClient();
    c.on('error', (error) => {
      fail(error, 'LISTEN connection error');
    });
    c.on('end', () => {
      fail(new Error('connection ended'), 'LISTEN connection lost');
    });
    c.on('notification', (message) => {
      const entry = channels.get(message.channel);
      if (entry === undefined) return;
      for (const deliver of entry.subscribers) deliver(message.payload ?? '');
    });
    await c.connect();
    return c;
  };

  const connected = (): Promise<pg.Client> => {
    if (failure !== undefined) return Promise.reject(failure);
    client ??= connect().catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };

  const unsubscribe = async (c: pg.Client, channel: string, entry: ChannelEntry, deliver: (p: string) => void) => {
    entry.subscribers.delete(deliver);
    if (entry.subscribers.size > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    // pg runs a client's queries in order, so a LISTEN issued after this one still wins.
    if (failure === undefined && !closing) await c.query(`UNLISTEN ${quoteIdentifier(channel)}`);
  };

  return {
    get failure() {
      return failure;
    },
    async listen(channel, onNotify) {
      const c = await connected();
      let entry = channels.get(channel);
      if (entry === undefined) {
        entry = { subscribers: new Set(), listening: c.query(`LISTEN ${quoteIdentifier(channel)}`) };
        channels.set(channel, entry);
      }
      const subscribed = entry;
      const deliver = (payload: string): void => {
        onNotify(payload);
      };
      subscribed.subscribers.add(deliver);
      try {
        await subscribed.listening;
      } catch (error) {
        subscribed.subscribers.delete(deliver);
        if (channels.get(channel) === subscribed) channels.delete(channel);
        throw error;
      }
      return () => unsubscribe(c, channel, subscribed, deliver);
    },
    async close() {
      closing = true;
      const pending = client;
      client = undefined;
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
