import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

/**
 * SPEC.md recommends `Y.snapshotContainsUpdate` to recognise an update that a client re-sends
 * after a reconnect (SYNC-ACK-7); this pins that the recipe says what the SPEC claims.
 */
describe('SYNC-ACK-7: recognising a re-sent update', () => {
  const setup = (): { relay: Y.Doc; client: Y.Doc; sent: Uint8Array[] } => {
    const relay = new Y.Doc();
    const client = new Y.Doc();
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    return { relay, client, sent };
  };

  it('SYNC-ACK-7 an update the relay already holds is contained in its snapshot', () => {
    const { relay, client, sent } = setup();
    client.getText('t').insert(0, 'Loot: 30 gp');
    client.getText('t').delete(0, 6);
    for (const u of sent) Y.applyUpdate(relay, u);
    const resent = Y.mergeUpdates(sent);
    expect(Y.snapshotContainsUpdate(Y.snapshot(relay), resent)).toBe(true);
  });

  it('SYNC-ACK-7 an update with anything new (insert or delete) is not contained', () => {
    const { relay, client, sent } = setup();
    client.getText('t').insert(0, 'Loot: 30 gp');
    Y.applyUpdate(relay, sent[0]!);
    client.getText('t').delete(0, 6);
    expect(Y.snapshotContainsUpdate(Y.snapshot(relay), sent[1]!)).toBe(false);
    client.getText('t').insert(0, '!');
    expect(Y.snapshotContainsUpdate(Y.snapshot(relay), Y.mergeUpdates(sent))).toBe(false);
  });
});
