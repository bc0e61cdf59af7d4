/**
 * The awareness update that tells peers these clients left (`state: null`, clock + 1): what a
 * stock y-websocket server broadcasts when a socket closes, so cursors vanish at once instead of
 * after the 30 s awareness timeout. Encoded by hand (SYNC-AWARENESS-1 layout) because the relay
 * keeps no `Awareness` object.
 */
export function encodeAwarenessRemoval(clocks: ReadonlyMap<number, number>): Uint8Array {
  const bytes: number[] = [];
  const varuint = (value: number) => {
    let rest = value;
    while (rest > 0x7f) {
      bytes.push(0x80 | rest % 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
  };
  varuint(clocks.size);
  for (const [clientId, clock] of clocks) {
    varuint(clientId);
    varuint(clock + 1);
    varuint(4);
    bytes.push(...new TextEncoder().encode('null'));
  }
  return Uint8Array.from(bytes);
}
