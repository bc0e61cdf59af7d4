import { decodeClientMessage, encodeSyncStep1, encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import * as Y from 'yjs';
import { checkStorable, checkStoredForm, decodeForStore } from './update-invariants';
import type { DecodedUpdate } from './update-invariants';

/** Why a stored state is not loadable; `null` when it is. */
export type LoadabilityProblem = string | null;

const limits = { maxFrameBytes: Number.MAX_SAFE_INTEGER };

/**
 * The full invariant behind SYNC-UPDATE-5, checked on a doc's whole stored state (snapshot and
 * tail merged): it decodes and re-encodes in the stored form (`checkStoredForm`), a fresh joiner
 * integrates it without an error, and everything that joiner would send back on its next connect
 * — its state vector, its whole state — is accepted by the relay. O(doc): run by repairs and
 * tests, not on every append (the append path keeps it through the per-update rules of
 * `checkStorable`, and the judge holds each effect it stores to `checkStoredForm`).
 */
export function loadabilityProblem(state: Uint8Array): LoadabilityProblem {
  try {
    const merged = Y.mergeUpdates([state]);
    const rereadProblem = acceptedAsUpdate('the re-encoded state', merged, checkStoredForm) ?? acceptedAsStateVector('its state vector', Y.encodeStateVectorFromUpdate(merged));
    if (rereadProblem !== null) return rereadProblem;
    const joiner = new Y.Doc();
    try {
      Y.applyUpdate(joiner, merged);
    } catch (error) {
      return `a fresh joiner cannot integrate it (${describe(error)})`;
    }
    return (
      acceptedAsUpdate("a joiner's whole state", Y.encodeStateAsUpdate(joiner), checkStorable) ??
      acceptedAsStateVector("a joiner's state vector", Y.encodeStateVector(joiner))
    );
  } catch (error) {
    return `it does not decode (${describe(error)})`;
  }
}

function acceptedAsUpdate(what: string, update: Uint8Array, rules: (decoded: DecodedUpdate) => unknown): LoadabilityProblem {
  const decoded = decodeClientMessage(encodeSyncUpdate(update), limits);
  if (!decoded.ok) return `${what} is refused by the protocol (${decoded.error.message})`;
  try {
    rules(decodeForStore(update));
    return null;
  } catch (error) {
    return `${what} breaks a storage rule (${describe(error)})`;
  }
}

function acceptedAsStateVector(what: string, stateVector: Uint8Array): LoadabilityProblem {
  const decoded = decodeClientMessage(encodeSyncStep1(stateVector), limits);
  return decoded.ok ? null : `${what} is refused by the protocol (${decoded.error.message})`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
