import { describe, expect, it } from 'vitest';
import { schemaHash } from '../scripts/lib/canonical.mjs';
import { loadSchemas, repoRoot } from '../scripts/lib/schema-files.mjs';
import { PROTOCOL_VERSION, SCHEMA_HASH } from './protocol';

/**
 * Every protocol version and the schema hash it stands for. A released pair never changes: a wire
 * change adds a version, so a schema cannot change under a version clients already speak.
 */
const pinned: Readonly<Record<number, string>> = {
  1: 'a1c7acd94e5e95a3910a3bbc82fb7c7f74ebf6b995d89ee27ad416bce45eeb2f',
  2: '4a4c6dbf5d55be66f5784a836527504d4de8e238652a494ed3e9a5c95a3bd907',
  3: '3dc27b101b31b166ee10bf2e2029082719860542b5ccd068765f8433eac1badc',
  4: 'c46f92aa4bc721a171ea85e7d341b19d0ea2845fc4ca54f912bbcda0d7861af8',
  5: 'afb73c0dffa9fb3d38df445daaabd0df15529f78c6f9d93b9b276bc9d54065ef',
  6: 'e3c82737b2fe974099103b518e87ce87a16460c59f2af67bb5fe5426a0622726',
  7: '5e0242061d27f7ea879a3fd3ee7f1492bb352de180497695cd5a72aec87839fb',
};

describe('protocol version', () => {
  it('SCHEMA_HASH is the hash of the wire schemas', () => {
    const hash = schemaHash(loadSchemas(repoRoot));
    expect(
      hash,
      'The wire schemas changed. Bump PROTOCOL_VERSION in packages/contracts/src/protocol.ts (add a line to its ' +
        `history), set SCHEMA_HASH to '${hash}' and pin the new pair in src/protocol.test.ts.`,
    ).toBe(SCHEMA_HASH);
  });

  it('pins one hash per version, so changing the hash means bumping the version', () => {
    expect(
      pinned[PROTOCOL_VERSION],
      `PROTOCOL_VERSION ${PROTOCOL_VERSION} is pinned to another schema hash: a changed wire format needs a new ` +
        'version. Bump PROTOCOL_VERSION and add the new pair to `pinned` (leave the old ones as they are).',
    ).toBe(SCHEMA_HASH);
  });

  it('only ever goes up, one step at a time, and never reuses a hash', () => {
    const versions = Object.keys(pinned).map(Number);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(Math.max(...versions)).toBe(PROTOCOL_VERSION);
    expect(new Set(Object.values(pinned)).size).toBe(versions.length);
  });
});
