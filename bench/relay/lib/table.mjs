// The result table: one row per measure, baseline and ours side by side, their ratio, the target.

/**
 * @typedef {object} Row
 * @property {string} measure
 * @property {number | undefined} baseline
 * @property {number | undefined} ours
 * @property {(value: number) => string} format
 * @property {string} [target]
 * @property {boolean} [met] whether ours meets the target
 * @property {boolean} [ratio] print ours/baseline (default true when both are numbers)
 */

/** @param {number} bytes */
export const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`;
/** @param {number} ms */
export const ms = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
/** @param {number} n */
export const count = (n) => n.toFixed(0);
/** @param {number} n */
export const rate = (n) => `${n.toFixed(0)}/s`;
/** @param {number} n */
export const times = (n) => `${n.toFixed(2)}×`;

/**
 * @param {string} title
 * @param {Row[]} rows
 * @returns {string} a Markdown table (readable in a terminal too)
 */
export function renderTable(title, rows) {
  const header = ['Measure', 'Baseline', 'Ours', 'Ours/Baseline', 'Target', 'Met'];
  const body = rows.map((row) => {
    const show = (/** @type {number | undefined} */ value) => (value === undefined || Number.isNaN(value) ? '—' : row.format(value));
    const both = row.baseline !== undefined && row.ours !== undefined && row.baseline !== 0;
    const ratio = (row.ratio ?? true) && both ? `${((row.ours ?? 0) / (row.baseline ?? 1)).toFixed(2)}×` : '—';
    return [row.measure, show(row.baseline), show(row.ours), ratio, row.target ?? '', row.met === undefined ? '' : row.met ? 'yes' : '**no**'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [`### ${title}`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ''].join('\n');
}
