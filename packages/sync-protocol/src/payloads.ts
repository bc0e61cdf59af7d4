import { FrameReader } from './frame-reader';
import type { AwarenessEntry } from './messages';
import { DecodeFailure } from './protocol-error';
import type { ProtocolErrorCode } from './protocol-error';
import { checkYjsUpdateV1 } from './yjs-update-v1';

/** Checks that `update` is exactly one Yjs v1 update (SYNC-UPDATE-1). */
export const checkUpdate = (update: Uint8Array, field: string): void => {
  try {
    checkYjsUpdateV1(update);
  } catch (cause) {
    throw new DecodeFailure('invalid_update', `${field}: not a Yjs v1 update (${describe(cause)})`);
  }
};

/**
 * Checks that `stateVector` is exactly one Yjs state vector: a count followed by that many
 * (client, clock) varuint pairs and nothing else (SYNC-UPDATE-2).
 */
export const checkStateVector = (stateVector: Uint8Array): void => {
  within('invalid_state_vector', () => {
    const reader = new FrameReader(stateVector);
    const count = reader.varUint('state vector size');
    for (let i = 0; i < count; i++) {
      reader.varUint('client id');
      reader.varUint('clock');
    }
    reader.end();
  });
};

/**
 * Parses a y-protocols awareness update: a count, then per client its id, clock and JSON state
 * (the string `null` for a removed client), and nothing else (SYNC-AWARENESS-1).
 */
export const parseAwareness = (update: Uint8Array): AwarenessEntry[] =>
  within('invalid_awareness', () => {
    const reader = new FrameReader(update);
    const count = reader.varUint('awareness size');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = reader.varUint('client id');
      const clock = reader.varUint('clock');
      const json = reader.varString('state', Number.POSITIVE_INFINITY);
      entries.push({ clientId, clock, state: parseJson(json) });
    }
    reader.end();
    return entries;
  });

const parseJson = (json: string): unknown => {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new DecodeFailure('malformed_frame', 'state: not JSON');
  }
};

/** Runs a nested parse and reports any failure under the payload's own error code. */
const within = <T>(code: ProtocolErrorCode, parse: () => T): T => {
  try {
    return parse();
  } catch (cause) {
    throw new DecodeFailure(code, describe(cause));
  }
};

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));
