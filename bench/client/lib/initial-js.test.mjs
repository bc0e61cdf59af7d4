import { describe, expect, it } from 'vitest';
import { entryScripts, staticClosure, staticImports } from './initial-js.mjs';

describe('entryScripts', () => {
  it('finds module scripts and modulepreloads, not stylesheets or classic scripts', () => {
    const html = `<head>
      <script type="module" crossorigin src="/assets/index-a1.js"></script>
      <link rel="stylesheet" crossorigin href="/assets/index-b2.css">
      <link rel="modulepreload" crossorigin href="/assets/vendor-c3.js">
      <script src="/legacy.js"></script>
      <link rel="manifest" href="/manifest.webmanifest"></head>`;
    expect(entryScripts(html)).toEqual(['/assets/index-a1.js', '/assets/vendor-c3.js']);
  });
});

describe('staticImports', () => {
  it('lists import and re-export declarations of minified output, not import() or strings', () => {
    const code =
      'import{a as b,c}from"./react-1.js";import"./side-2.js";import*as Y from"./yjs-3.js";import d,{e}from"./dexie-4.js";' +
      'export{f}from"./shared-5.js";export*from"./all-6.js";' +
      'const lazy=()=>import("./Feature-7.js");const css=`import charset from "x"`;';
    expect(staticImports(code)).toEqual(['./react-1.js', './side-2.js', './yjs-3.js', './dexie-4.js', './shared-5.js', './all-6.js']);
  });

  it('finds declarations after a line break or a closing brace', () => {
    expect(staticImports('const a=1\nimport{x}from"./x.js"\n}import"./y.js"')).toEqual(['./x.js', './y.js']);
  });
});

describe('staticClosure', () => {
  it('follows static imports transitively, once each, relative to the importer', () => {
    /** @type {Record<string, string>} */
    const files = {
      '/assets/index.js': 'import{a}from"./vendor.js";import"./index.js";const f=()=>import("./Lazy.js");',
      '/assets/vendor.js': 'import"../shared/util.js";',
      '/shared/util.js': '',
      '/assets/Lazy.js': 'import"./never.js";',
    };
    const read = (/** @type {string} */ path) => {
      const source = files[path];
      if (source === undefined) throw new Error(`no ${path}`);
      return source;
    };
    expect(staticClosure(['/assets/index.js'], read)).toEqual(['/assets/index.js', '/assets/vendor.js', '/shared/util.js']);
  });

  it('refuses a bare specifier, which a built bundle cannot load', () => {
    expect(() => staticClosure(['/a.js'], () => 'import"react";')).toThrow(/not a URL/);
  });
});
