// `npm run generate:contracts`: regenerates packages/contracts/src/generated/ from contracts/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { schemaHash } from './lib/canonical.mjs';
import { generateFiles } from './lib/generate-files.mjs';
import { loadSchemas, repoRoot } from './lib/schema-files.mjs';

const files = await generateFiles(repoRoot);
for (const { path, content } of files) {
  const target = join(repoRoot, path);
  let current;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) {
    console.log(`unchanged ${path}`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote     ${path}`);
}

// The hash is pinned by hand on purpose (a wire change must bump the protocol version); say so here.
const hash = schemaHash(loadSchemas(repoRoot));
const protocol = readFileSync(join(repoRoot, 'packages/contracts/src/protocol.ts'), 'utf8');
const pinned = /SCHEMA_HASH\s*=\s*'([0-9a-f]*)'/.exec(protocol)?.[1];
if (pinned === hash) {
  console.log(`schema hash ${hash} matches SCHEMA_HASH.`);
} else {
  console.log(
    `\nThe wire schemas changed (hash ${hash}).\n` +
      'Bump PROTOCOL_VERSION in packages/contracts/src/protocol.ts, add a line to its history,\n' +
      `set SCHEMA_HASH to '${hash}' and add the pair to the pinned table in src/protocol.test.ts.`,
  );
}
