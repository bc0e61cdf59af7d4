import type * as Y from 'yjs';

/**
 * Replaces the content of `ytext` with `next` in one transaction, as one ordinary edit that syncs
 * like typing. Only the differing middle (after the common prefix, before the common suffix) is
 * deleted and inserted, so concurrent edits elsewhere in the text and remote cursors survive.
 * Returns whether anything changed.
 */
export function replaceText(ytext: Y.Text, next: string, origin: unknown = null): boolean {
  const current = ytext.toJSON();
  if (current === next) return false;
  const { start, deleteCount, insert } = textDiff(current, next);
  const doc = ytext.doc;
  const apply = () => {
    if (deleteCount > 0) ytext.delete(start, deleteCount);
    if (insert !== '') ytext.insert(start, insert);
  };
  if (doc === null) apply();
  else doc.transact(apply, origin);
  return true;
}

/** The single splice turning `from` into `to` (UTF-16 indices, surrogate pairs kept whole). */
export function textDiff(from: string, to: string): { start: number; deleteCount: number; insert: string } {
  const limit = Math.min(from.length, to.length);
  let start = 0;
  while (start < limit && from.charCodeAt(start) === to.charCodeAt(start)) start += 1;
  // Never split a surrogate pair: step back onto its high half.
  if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start -= 1;
  let end = 0;
  while (end < limit - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end += 1;
  if (end > 0 && isLowSurrogate(from.charCodeAt(from.length - end))) end -= 1;
  return { start, deleteCount: from.length - start - end, insert: to.slice(start, to.length - end) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
