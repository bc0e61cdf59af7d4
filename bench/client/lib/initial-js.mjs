// The JavaScript a first page load needs: index.html's module scripts and modulepreloads plus
// everything they import statically, transitively. Lazy chunks (`import()`) are left out. The
// scanner reads Vite/Rolldown output (minified ESM), where static imports are declarations
// `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Site-absolute paths (`/assets/index-….js`) of index.html's module entry scripts and modulepreloads.
 * @param {string} html
 * @returns {string[]}
 */
export function entryScripts(html) {
  /** @type {string[]} */
  const found = [];
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1] ?? '';
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    if (src !== undefined && /\btype\s*=\s*["']module["']/i.test(attributes)) found.push(src);
  }
  for (const match of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attributes = match[1] ?? '';
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    if (href !== undefined && /\brel\s*=\s*["']modulepreload["']/i.test(attributes)) found.push(href);
  }
  return [...new Set(found)];
}

/**
 * Specifiers of the static imports and re-exports of a minified ES module (not `import()`).
 * A declaration starts the text or follows `;`, `}`, `)` or a line break, which keeps the words
 * `import`/`export` inside strings and identifiers from matching.
 * @param {string} code
 * @returns {string[]}
 */
export function staticImports(code) {
  const declaration = /(?:^|[;}\n\r)])\s*(?:import\s*(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s*[\w$]+\s*|\{[^}]*\}\s*)?(?:from\s*)?|export\s*(?:\*\s*(?:as\s*[\w$]+\s*)?|\{[^}]*\}\s*)from\s*)(["'])([^"'\n]+)\1/g;
  /** @type {string[]} */
  const specifiers = [];
  for (const match of code.matchAll(declaration)) if (match[2] !== undefined) specifiers.push(match[2]);
  return [...new Set(specifiers)];
}

/**
 * @typedef {object} InitialFile
 * @property {string} path site-absolute path, e.g. `/assets/index-….js`
 * @property {number} bytes
 * @property {number} gzipBytes gzip at zlib's default level 6 (what on-the-fly compression ships)
 */

/**
 * Follows the static imports from the entries through `read` (site path → source).
 * @param {readonly string[]} entries site-absolute paths
 * @param {(path: string) => string} read
 * @returns {string[]} every site path reached, entries first
 */
export function staticClosure(entries, read) {
  /** @type {string[]} */
  const seen = [];
  const queue = [...entries];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.includes(path)) continue;
    seen.push(path);
    for (const specifier of staticImports(read(path))) {
      // Bare specifiers cannot occur in a built bundle; anything else resolves against the importer.
      if (!/^(\.{1,2}\/|\/)/.test(specifier)) throw new Error(`${path} imports "${specifier}", which is not a URL`);
      queue.push(new URL(specifier, `http://site${path}`).pathname);
    }
  }
  return seen;
}

/**
 * Sizes of built files (site paths) in `distDir`, and their totals.
 * @param {string} distDir e.g. client/dist
 * @param {readonly string[]} paths
 * @returns {{ files: InitialFile[], bytes: number, gzipBytes: number }}
 */
export function sizes(distDir, paths) {
  const files = paths.map((path) => {
    const content = readFileSync(join(distDir, path));
    return { path, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

/**
 * The statically imported JavaScript of the built client in `distDir` (index.html's entries and
 * their static imports), with sizes.
 * @param {string} distDir e.g. client/dist
 * @returns {{ files: InitialFile[], bytes: number, gzipBytes: number }}
 */
export function initialJavaScript(distDir) {
  const read = (/** @type {string} */ path) => readFileSync(join(distDir, path), 'utf8');
  return sizes(distDir, staticClosure(entryScripts(read('/index.html')), read));
}
