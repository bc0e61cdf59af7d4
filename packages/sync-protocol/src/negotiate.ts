import type { HelloMessage } from './messages';
import { capabilities, PROTOCOL_VERSION } from './version';

/** What a capability needs besides being requested and offered: a version and other capabilities. */
const requirements: Readonly<Record<string, { readonly version: number; readonly with: readonly string[] }>> = {
  [capabilities.frag]: { version: 2, with: [capabilities.ack] },
};

/** What the relay answers in `welcome`. */
export interface Negotiated {
  readonly version: number;
  readonly capabilities: readonly string[];
}

/** Oldest extension version the relay still speaks; older clients are closed with `UpgradeRequired`. */
export const MIN_PROTOCOL_VERSION = 1;

/**
 * The relay's answer to a `hello` (SYNC-HELLO-2): the highest version both sides speak and the
 * requested capabilities the relay offers, in the client's order; `frag/1` only from version 2 on
 * and together with `ack/1` (SYNC-FRAG-1). `undefined` means there is no
 * common version; the relay then closes with `closeCodes.UpgradeRequired`.
 */
export const negotiate = (hello: HelloMessage, offered: readonly string[]): Negotiated | undefined => {
  if (hello.version < MIN_PROTOCOL_VERSION) return undefined;
  const version = Math.min(hello.version, PROTOCOL_VERSION);
  const candidates = hello.capabilities.filter(
    (capability, index) => offered.includes(capability) && hello.capabilities.indexOf(capability) === index,
  );
  const granted = candidates.filter((capability) => {
    const needs = requirements[capability];
    return needs === undefined || (version >= needs.version && needs.with.every((other) => candidates.includes(other)));
  });
  return { version, capabilities: granted };
};
