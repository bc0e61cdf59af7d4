import { describe, expect, it } from 'vitest';
import { canonicalJson, schemaHash, stripAnnotations } from '../scripts/lib/canonical.mjs';

const base = {
  $id: 'https://rpg-bot.dev/schemas/x.json',
  title: 'X',
  description: 'An example.',
  type: 'object',
  properties: {
    description: { type: 'string', description: 'A property that happens to be called description.' },
    n: { type: 'integer', $comment: 'why', examples: [1] },
  },
};
const hashOf = (schema: unknown) => schemaHash([{ file: 'contracts/jsonschema/x.json', schema }]);

describe('schema hash', () => {
  it('ignores key order and formatting', () => {
    const reordered = { properties: { n: { type: 'integer' }, description: { type: 'string' } }, type: 'object', $id: base.$id };
    expect(hashOf(reordered)).toBe(hashOf(base));
  });

  it('ignores documentation keywords but keeps properties that share their names', () => {
    expect(stripAnnotations(base)).toEqual({
      $id: base.$id,
      type: 'object',
      properties: { description: { type: 'string' }, n: { type: 'integer' } },
    });
  });

  it('changes when what a schema accepts changes', () => {
    const tightened = { ...base, required: ['n'] };
    expect(hashOf(tightened)).not.toBe(hashOf(base));
  });

  it('changes when a schema moves to another file', () => {
    expect(schemaHash([{ file: 'contracts/events/x.json', schema: base }])).not.toBe(hashOf(base));
  });

  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: null, c: 'x' } })).toBe('{"a":{"c":"x","d":null},"b":[2,1]}');
  });
});
