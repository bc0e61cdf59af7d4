import type { HelloMessage } from './messages';
import { PROTOCOL_VERSION } from './version';

/** What the relay answers in `welcome`. */
export interface Negotiated {
  readonly version: number;
  readonly capabilities: readonly string[];
}

/** Oldest extension version the relay still speaks; older clients are closed with `UpgradeRequired`. */
export const MIN_PROTOCOL_VERSION = 1;

/**
 * The relay's answer to a `hello` (SYNC-HELLO-2): the highest version both sides speak and the
 * requested capabilities the relay offers, in the client's order. `undefined` means there is no
 * common version; the relay then closes with `closeCodes.UpgradeRequired`.
 */
export const negotiate = (hello: HelloMessage, offered: readonly string[]): Negotiated | undefined => {
  if (hello.version < MIN_PROTOCOL_VERSION) return undefined;
  const granted = hello.capabilities.filter(
    (capability, index) => offered.includes(capability) && hello.capabilities.indexOf(capability) === index,
  );
  return { version: Math.min(hello.version, PROTOCOL_VERSION), capabilities: granted };
};
