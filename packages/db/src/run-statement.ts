import { decodeRows } from './codec/decode';
import { encodeParams } from './codec/params';
import type { QueryResult } from './database';
import type { RawQueryable } from './driver';
import { toDatabaseError } from './errors';

/** One statement through a driver: encode parameters, run, decode rows; failures become DatabaseErrors. */
export async function runStatement<R extends Record<string, unknown>>(
  target: RawQueryable,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<R>> {
  const encoded = encodeParams(params);
  let raw;
  try {
    raw = await target.query(sql, encoded);
  } catch (error) {
    throw toDatabaseError(error);
  }
  // The caller names the row shape; the decoded values follow the documented type mapping.
  const rows = decodeRows(raw.fields, raw.rows) as R[];
  return { rows, rowCount: raw.rowCount };
}

/** A multi-statement script through a driver; failures become DatabaseErrors. */
export async function runScript(target: RawQueryable, sql: string): Promise<void> {
  try {
    await target.exec(sql);
  } catch (error) {
    throw toDatabaseError(error);
  }
}
