import { FrameReader } from './frame-reader';
import { DecodeFailure } from './protocol-error';

/**
 * Structural check of a Yjs v1 update (SYNC-UPDATE-1): reads every field the way Yjs'
 * `UpdateDecoderV1` does, allocates no Yjs objects, and — unlike `Y.decodeUpdate` — fails on
 * trailing bytes, so a v2 update or a concatenation of updates cannot pass as a v1 update (Yjs
 * would silently read a prefix of it). The v1 format is frozen, so this parser does not have to
 * follow Yjs releases; a test cross-checks it against `Y.decodeUpdate` and `Y.applyUpdate`.
 */
export const checkYjsUpdateV1 = (update: Uint8Array): void => {
  const reader = new FrameReader(update);
  const clients = reader.varUint('client count');
  for (let i = 0; i < clients; i++) {
    const structs = reader.varUint('struct count');
    reader.varUint('client');
    reader.varUint('clock');
    for (let j = 0; j < structs; j++) readStruct(reader);
  }
  readDeleteSet(reader);
  reader.end();
};

/**
 * Whether `update` is exactly one well-formed Yjs v1 update (SYNC-UPDATE-1), for updates that
 * arrive outside a frame (imports, stored rows). Well-formed does not mean it will integrate:
 * see SYNC-UPDATE-4.
 */
export const isYjsUpdateV1 = (update: Uint8Array): boolean => {
  try {
    checkYjsUpdateV1(update);
    return true;
  } catch {
    return false;
  }
};

const contentMask = 0b1_1111;
const hasOrigin = 0b1000_0000;
const hasRightOrigin = 0b0100_0000;
const hasParentSub = 0b0010_0000;

const content = { gc: 0, deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9, skip: 10 };
/** Yjs type refs: 3 (XmlElement) and 5 (XmlHook) carry a name; 7 and up do not exist. */
const typeRefs = { namedElement: 3, namedHook: 5, last: 6 };

const readStruct = (reader: FrameReader): void => {
  const info = reader.byte();
  const ref = info & contentMask;
  if (ref === content.gc || ref === content.skip) {
    reader.varUint('length');
    return;
  }
  if ((info & hasOrigin) !== 0) readId(reader);
  if ((info & hasRightOrigin) !== 0) readId(reader);
  if ((info & (hasOrigin | hasRightOrigin)) === 0) {
    // Without origins the item names its parent: a root type key or the id of a type item.
    if (reader.varUint('parent info') === 1) reader.varString('parent key', Infinity);
    else readId(reader);
    if ((info & hasParentSub) !== 0) reader.varString('parent sub', Infinity);
  }
  readContent(reader, ref);
};

const readId = (reader: FrameReader): void => {
  reader.varUint('id client');
  reader.varUint('id clock');
};

const readContent = (reader: FrameReader, ref: number): void => {
  switch (ref) {
    case content.deleted:
      reader.varUint('deleted length');
      return;
    case content.json: {
      const count = reader.varUint('json count');
      for (let i = 0; i < count; i++) {
        const text = reader.varString('json', Infinity);
        if (text !== 'undefined') parseJson(text);
      }
      return;
    }
    case content.binary:
      reader.varBytes('binary');
      return;
    case content.string:
      reader.varString('string', Infinity);
      return;
    case content.embed:
      parseJson(reader.varString('embed', Infinity));
      return;
    case content.format:
      reader.varString('format key', Infinity);
      parseJson(reader.varString('format value', Infinity));
      return;
    case content.type: {
      const typeRef = reader.varUint('type ref');
      if (typeRef > typeRefs.last) throw new DecodeFailure('malformed_frame', `unknown type ref ${typeRef}`);
      if (typeRef === typeRefs.namedElement || typeRef === typeRefs.namedHook) reader.varString('type name', Infinity);
      return;
    }
    case content.any: {
      const count = reader.varUint('any count');
      for (let i = 0; i < count; i++) reader.lib0Any('any');
      return;
    }
    case content.doc: {
      reader.varString('guid', Infinity);
      const options = reader.lib0Any('doc options');
      // Yjs reads `options.shouldLoad`, which throws for null and undefined.
      if (options === null || options === undefined) throw new DecodeFailure('malformed_frame', 'doc options missing');
      return;
    }
    default:
      throw new DecodeFailure('malformed_frame', `unknown content ref ${ref}`);
  }
};

const readDeleteSet = (reader: FrameReader): void => {
  const clients = reader.varUint('delete set size');
  for (let i = 0; i < clients; i++) {
    reader.varUint('client');
    const ranges = reader.varUint('range count');
    for (let j = 0; j < ranges; j++) {
      reader.varUint('clock');
      reader.varUint('length');
    }
  }
};

const parseJson = (text: string): void => {
  try {
    JSON.parse(text);
  } catch {
    throw new DecodeFailure('malformed_frame', 'content: not JSON');
  }
};
