// Turning the probes' raw samples into the phases and text the report shows.

/** @typedef {import('./page-probes.mjs').ColdStartSample} ColdStartSample */

/** Words typed into the editor: plain lowercase text, nothing markdown or an input method would change. */
const WORDS = 'the party rests at the inn while the ranger keeps watch and the bard counts the gold'.split(' ');

/**
 * `length` characters of plain words separated by spaces.
 * @param {number} length
 * @returns {string}
 */
export function typingText(length) {
  let text = '';
  for (let index = 0; text.length < length; index++) text += `${WORDS[index % WORDS.length] ?? 'x'} `;
  return text.slice(0, length);
}

/**
 * The landmarks of a cold start in order, each as the time since the previous one, so that a slow
 * phase stands out: index.html from the service worker, the module scripts run, the campaign view,
 * the notes placeholder (the feature chunk ran and opened the doc), the editor with content, its frame.
 * @type {ReadonlyArray<readonly [string, (sample: ColdStartSample) => number | undefined]>}
 */
const LANDMARKS = [
  ['navigation → index.html from the service worker', (s) => s.responseEnd],
  ['→ module scripts ran (DOMContentLoaded)', (s) => s.domContentLoaded],
  ['→ campaign view rendered', (s) => s.marks.view],
  ['→ notes loading placeholder (doc opening)', (s) => s.marks.placeholder],
  ['→ editor shows the doc', (s) => s.marks.content],
  ['→ that frame rendered', (s) => s.marks.painted],
];

/**
 * Median duration of each phase for both docs.
 * @param {readonly ColdStartSample[]} large
 * @param {readonly ColdStartSample[]} small
 * @returns {{ name: string, large: number, small: number }[]}
 */
export function coldStartPhases(large, small) {
  /** @param {readonly ColdStartSample[]} samples @param {number} index */
  const medianOf = (samples, index) => {
    const durations = samples
      .map((sample) => {
        const at = LANDMARKS[index]?.[1](sample);
        const before = index === 0 ? 0 : LANDMARKS[index - 1]?.[1](sample);
        return at === undefined || before === undefined ? Number.NaN : at - before;
      })
      .filter((value) => !Number.isNaN(value))
      .sort((a, b) => a - b);
    return durations.length === 0 ? Number.NaN : (durations[Math.ceil(durations.length / 2) - 1] ?? Number.NaN);
  };
  return LANDMARKS.map(([name], index) => ({ name, large: medianOf(large, index), small: medianOf(small, index) }));
}
