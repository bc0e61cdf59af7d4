/// <reference lib="dom" />
/* global window, document, location, requestAnimationFrame, MutationObserver, addEventListener, Element, indexedDB */
// Code that runs inside the app's pages (Playwright serialises these functions, so each one is
// self-contained). `installProbes` is an init script of the bench's browser context: it watches
// the DOM from the first byte of every page and records, on the page's own clock
// (performance.now(), 0 = navigation start), when the campaign view, the notes placeholder and
// the notes editor with the doc's content appear, and for every character typed into the editor
// when its keydown fired, when the character reached the editor's DOM and when the frame showing
// it was rendered.

/**
 * @typedef {object} KeySample
 * @property {string} key
 * @property {number} length characters typed into the editor so far, this one included
 * @property {number} down keydown `event.timeStamp`
 * @property {number} [dom] the character is in the editor's first line
 * @property {number} [frame] the frame after that has rendered (rAF, then a message)
 */

/**
 * @typedef {object} Probe
 * @property {Record<string, number>} marks first time each landmark was seen
 * @property {KeySample[]} keys
 * @property {string} typed
 * @property {(index: number) => Promise<KeySample>} whenKey resolves once sample `index` has its frame
 */

/**
 * @typedef {object} ProbeOptions
 * @property {string} editor CSS selector of the editor's content element
 * @property {string} view CSS selector of the campaign view (rendered before the notes load)
 * @property {string} placeholder CSS selector of the notes' loading placeholder
 * @property {string} marker text the editor shows once the doc is loaded
 */

/**
 * Installs `window.__bench` (see Probe). Runs before any of the page's scripts.
 * @param {ProbeOptions} options
 */
export function installProbes(options) {
  /** @type {Array<() => boolean>} */
  let listeners = [];
  /** @type {Probe} */
  const probe = {
    marks: {},
    keys: [],
    typed: '',
    whenKey: (index) =>
      new Promise((resolve) => {
        const check = () => {
          const sample = probe.keys[index];
          if (sample?.frame === undefined) return false;
          resolve(sample);
          return true;
        };
        if (!check()) listeners.push(check);
      }),
  };
  const notify = () => {
    listeners = listeners.filter((check) => !check());
  };
  /** @type {Window & { __bench?: Probe }} */ (window).__bench = probe;
  /** @param {(at: number) => void} done */
  const afterNextFrame = (done) => {
    requestAnimationFrame(() => {
      // A message posted from rAF is delivered after that frame's style, layout and paint.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        done(performance.now());
      };
      channel.port2.postMessage(undefined);
    });
  };
  /** @param {string} name */
  const mark = (name) => {
    probe.marks[name] ??= performance.now();
  };
  const check = () => {
    if (probe.marks.view === undefined && document.querySelector(options.view) !== null) mark('view');
    if (probe.marks.placeholder === undefined && document.querySelector(options.placeholder) !== null) mark('placeholder');
    const editor = document.querySelector(options.editor);
    if (editor === null) return;
    mark('editor');
    if (probe.marks.content === undefined && editor.getAttribute('contenteditable') === 'true' && (editor.textContent ?? '').includes(options.marker)) {
      mark('content');
      afterNextFrame((at) => {
        probe.marks.painted = at;
      });
    }
    const pending = probe.keys.filter((sample) => sample.dom === undefined);
    if (pending.length === 0) return;
    const firstLine = editor.querySelector('.cm-line')?.textContent ?? '';
    for (const sample of pending) {
      if (!firstLine.startsWith(probe.typed.slice(0, sample.length))) continue;
      sample.dom = performance.now();
      afterNextFrame((at) => {
        sample.frame = at;
        notify();
      });
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['contenteditable', 'aria-busy', 'class'],
  });
  addEventListener(
    'keydown',
    (event) => {
      if (event.key.length !== 1 || !(event.target instanceof Element) || event.target.closest(options.editor) === null) return;
      probe.typed += event.key;
      probe.keys.push({ key: event.key, length: probe.typed.length, down: event.timeStamp });
    },
    true,
  );
}

/**
 * @typedef {object} ColdStartSample
 * @property {Record<string, number>} marks
 * @property {number} responseEnd the navigation's response (index.html from the service worker)
 * @property {number} workerStart when the service worker was started for the navigation (0: it was running)
 * @property {number} domContentLoaded after the module scripts ran
 * @property {boolean} controlled whether a service worker served the page
 */

/** @returns {ColdStartSample} the landmarks of the current page */
export function readColdStart() {
  const probe = /** @type {Window & { __bench?: Probe }} */ (window).__bench;
  const [navigation] = /** @type {PerformanceNavigationTiming[]} */ (performance.getEntriesByType('navigation'));
  return {
    marks: { ...(probe?.marks ?? {}) },
    responseEnd: navigation?.responseEnd ?? Number.NaN,
    workerStart: navigation?.workerStart ?? Number.NaN,
    domContentLoaded: navigation?.domContentLoadedEventEnd ?? Number.NaN,
    controlled: navigator.serviceWorker.controller !== null,
  };
}

/** @returns {boolean} whether the frame showing the loaded notes has rendered */
export function notesPainted() {
  return /** @type {Window & { __bench?: Probe }} */ (window).__bench?.marks.painted !== undefined;
}

/**
 * Resolves with typed sample `index` once its frame has rendered.
 * @param {number} index
 * @returns {Promise<KeySample>}
 */
export function waitForKey(index) {
  const probe = /** @type {Window & { __bench?: Probe }} */ (window).__bench;
  if (probe === undefined) throw new Error('the bench probes are not installed in this page');
  return probe.whenKey(index);
}

/**
 * Same-origin `/assets/*.js` this page has loaded so far (resource timing), site paths.
 * @returns {string[]}
 */
export function loadedScripts() {
  return /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js'))
    .map((url) => url.pathname);
}

/**
 * Time to read every row of the data layer's `docUpdates` store (IndexedDB `rpg-bot`), the raw
 * IndexedDB cost of a cold start's doc load, and how many bytes the rows hold.
 * @returns {Promise<{ ms: number, rows: number, bytes: number }>}
 */
export async function timeIndexedDbRead() {
  const started = performance.now();
  /** @type {IDBDatabase} */
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('rpg-bot');
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('cannot open rpg-bot'));
    };
  });
  /** @type {unknown[]} */
  const rows = await new Promise((resolve, reject) => {
    const request = db.transaction('docUpdates').objectStore('docUpdates').getAll();
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('cannot read docUpdates'));
    };
  });
  const ms = performance.now() - started;
  db.close();
  let bytes = 0;
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    for (const value of Object.values(row)) if (value instanceof Uint8Array || value instanceof ArrayBuffer) bytes += value.byteLength;
  }
  return { ms, rows: rows.length, bytes };
}
