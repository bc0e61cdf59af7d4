// Test support (not exported): the poisoned update relays before SYNC-UPDATE-5 accepted and stored.
import type { Database } from '@rpg-bot/db';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { PostgresUpdateLog } from './postgres-update-log';

/** A GC run to near 2^53, then a string item ending past it: well-formed v1 bytes that break the doc. */
export function overflowUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 2, 4242, 0]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER - 3);
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, 'poison');
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * Stores the doc a relay before SYNC-UPDATE-5 could leave behind: 'before ' (seq 1, by `gm`), the
 * poisoned row written as that relay wrote rows (seq 2, by `attacker`), then 'after' (seq 3, by
 * `gm`). Returns the writer (text `t`), whose every update is pushed to `updates`, for more edits.
 */
export async function storeDamagedDoc(db: Database, docId: string, clientId: number): Promise<{ writer: Y.Doc; updates: Uint8Array[] }> {
  const log = new PostgresUpdateLog(db);
  const writer = new Y.Doc();
  writer.clientID = clientId;
  const updates: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => updates.push(update));
  writer.getText('t').insert(0, 'before ');
  await log.append(docId, updates[0] ?? new Uint8Array(), { authorId: 'gm', at: new Date() });
  await db.query('UPDATE sync_docs SET head_seq = head_seq + 1 WHERE doc_id = $1', [docId]);
  await db.query('INSERT INTO sync_updates (doc_id, seq, update, author_id, at) VALUES ($1, 2, $2, $3, now())', [docId, overflowUpdate(), 'attacker']);
  writer.getText('t').insert(7, 'after');
  await log.append(docId, updates[1] ?? new Uint8Array(), { authorId: 'gm', at: new Date() });
  return { writer, updates };
}
