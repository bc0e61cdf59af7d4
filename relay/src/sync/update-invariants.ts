import * as Y from 'yjs';
import { UpdateLogError } from './types';

/** A Yjs v1 update decoded once, for every check the log runs on it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Decodes `update` for storing. Throws `invalid_update` when Yjs cannot read it.
 */
export function decodeForStore(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new UpdateLogError('invalid_update', 'The update is not a decodable Yjs v1 update.');
  }
}

/**
 * The invariants a doc's stored state keeps whatever anyone sends (SYNC-UPDATE-5). Checked on each
 * update against the rules below, which hold for the union of everything stored exactly when they
 * hold for each part — so the merged state keeps them without being rebuilt on every append:
 *
 * 1. **Ids stay safe integers.** Every struct covers clocks `[clock, clock + length)` and every
 *    delete range `[clock, clock + length)` with an end ≤ 2^53−1. Yjs clocks are JavaScript
 *    numbers; past that, a merged state, a client's state vector or its delete set holds numbers
 *    the protocol refuses (SYNC-FRAME-1), and every member's reconnect would fail. Since the end of
 *    every merged range is the end of some stored range, the merged state stays in range too.
 * 2. **A client's items refer only to its own past.** Yjs integrates a client's structs in clock
 *    order, so an item's origin, right origin or parent id on the item's own client must name a
 *    smaller clock; otherwise `Y.applyUpdate` throws for every joiner once the item's turn comes
 *    (SYNC-UPDATE-4). References to other clients are safe: missing ones wait as pending structs.
 * 3. **Every item and GC range covers at least one clock.** Yjs' struct store files each struct
 *    under the clocks it covers and finds it by clock (`findIndexSS`); a struct of length 0 is
 *    found under none, and Yjs' searches and encoders fail on it — a deleted item of length 0 puts
 *    an empty range into the integration's delete set, which every member lacking that clock
 *    keeps aside and cannot re-encode ("Unexpected case"), so no member could apply what was
 *    stored (found as seed 20180 of the loadability property). Yjs itself never writes one.
 *
 * Returns whether the update can change a doc at all: an update of nothing but skipped ranges and
 * empty delete ranges is meaningless and is acked without being stored (SYNC-ACK-9).
 */
export function checkStorable(decoded: DecodedUpdate): { readonly meaningful: boolean } {
  let meaningful = false;
  for (const struct of decoded.structs) {
    if (checkStruct(struct)) meaningful = true;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      checkRange('delete range', client, range.clock, range.len);
      if (range.len > 0) meaningful = true;
    }
  }
  return { meaningful };
}

/**
 * The form of what the relay stores — the effect of an integration, checked before it is committed
 * (SYNC-UPDATE-5): the storage rules above, and no empty delete range. A received update may hold
 * empty delete ranges (they mean nothing, SYNC-ACK-9, and integrating drops them), a stored one
 * may not: a member whose doc lacks the range's clock keeps it aside as a delete it cannot apply
 * yet, Yjs' encoder for those refuses an empty range, and the member cannot apply the update.
 */
export function checkStoredForm(decoded: DecodedUpdate): void {
  checkStorable(decoded);
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (range.len >= 1) continue;
      throw new UpdateLogError(
        'invalid_update',
        `It holds an empty delete range of client ${String(client)} at clock ${String(range.clock)}.`,
      );
    }
  }
}

/**
 * The storage rules of one struct (`checkStorable`); throws `invalid_update` for the first it
 * breaks. Returns whether the struct can change a doc (a skipped range cannot).
 */
function checkStruct(struct: DecodedUpdate['structs'][number]): boolean {
  const { client, clock } = struct.id;
  checkRange('struct', client, clock, struct.length);
  if (struct instanceof Y.Skip) return false;
  if (struct.length < 1) {
    throw new UpdateLogError(
      'invalid_update',
      `A${struct instanceof Y.GC ? ' GC range' : 'n item'} of client ${String(client)} at clock ${String(clock)} covers no clock (length 0).`,
    );
  }
  if (struct instanceof Y.Item) {
    checkOwnPast('origin', struct, struct.origin);
    checkOwnPast('right origin', struct, struct.rightOrigin);
    if (struct.parent instanceof Y.ID) checkOwnPast('parent', struct, struct.parent);
  }
  return true;
}

/**
 * The storage rule one struct breaks (`checkStorable`'s rules hold for a set of structs exactly
 * when they hold for each), or `null`: what a repair uses to find what to drop of a damaged state.
 */
export function structProblem(struct: DecodedUpdate['structs'][number]): string | null {
  try {
    checkStruct(struct);
    return null;
  } catch (error) {
    if (error instanceof UpdateLogError) return error.message;
    throw error;
  }
}

function checkRange(what: string, client: number, clock: number, length: number): void {
  if (!Number.isSafeInteger(clock + length)) {
    throw new UpdateLogError(
      'invalid_update',
      `A ${what} of client ${String(client)} ends past 2^53-1 (clock ${String(clock)}, length ${String(length)}).`,
    );
  }
}

function checkOwnPast(what: string, item: Y.Item, ref: Y.ID | null): void {
  if (ref === null || ref.client !== item.id.client || ref.clock < item.id.clock) return;
  throw new UpdateLogError(
    'invalid_update',
    `An item of client ${String(item.id.client)} at clock ${String(item.id.clock)} names its own future as its ${what} (clock ${String(ref.clock)}).`,
  );
}

/**
 * The first dependency of `decoded` that a doc with state vector `stateVector` lacks, or `null`:
 * a client's structs must continue from what the doc holds of that client (or from earlier
 * structs of the same update), and every origin, right origin and parent id must name a clock
 * the doc or the update holds. An update with a missing dependency would wait as a pending struct
 * and integrate — or fail to — only when some later update fills the gap, so the relay refuses it
 * (SYNC-UPDATE-6). Deletes of content the doc lacks are not refused (a client that deleted its own
 * refused content must not be wedged): the relay drops them when it integrates the update.
 */
export function missingDependency(decoded: DecodedUpdate, stateVector: ReadonlyMap<number, number>): string | null {
  const reach = new Map(stateVector);
  const byClient = new Map<number, DecodedUpdate['structs']>();
  for (const struct of decoded.structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  for (const [client, structs] of byClient) {
    let end = reach.get(client) ?? 0;
    for (const struct of [...structs].sort((a, b) => a.id.clock - b.id.clock)) {
      if (struct instanceof Y.Skip) continue;
      if (struct.id.clock > end) {
        return `client ${String(client)} continues at clock ${String(struct.id.clock)}, but the doc holds it only up to ${String(end)}`;
      }
      end = Math.max(end, struct.id.clock + struct.length);
    }
    reach.set(client, end);
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref !== null && ref.clock >= (reach.get(ref.client) ?? 0)) {
        return `an item refers to (${String(ref.client)}, ${String(ref.clock)}), which the doc does not hold`;
      }
    }
  }
  return null;
}

/** Whether `decoded` holds a struct (not a skip) starting below what the doc holds of its client. */
export function resendsKnownStructs(decoded: DecodedUpdate, stateVector: ReadonlyMap<number, number>): boolean {
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock < (stateVector.get(struct.id.client) ?? 0)) return true;
  }
  return false;
}
