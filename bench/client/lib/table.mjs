// The budget table and the small summaries it prints.
import { percentile } from '../../relay/lib/stats.mjs';

/**
 * @typedef {object} BudgetRow
 * @property {string} measure
 * @property {string} value
 * @property {string} [budget]
 * @property {boolean} [met]
 */

/**
 * @typedef {object} Spread
 * @property {number} count
 * @property {number} p50
 * @property {number} p95
 * @property {number} p99
 * @property {number} max
 */

/**
 * Nearest-rank median, p95, p99 and max of the samples (NaN when there are none).
 * @param {ArrayLike<number>} samples
 * @returns {Spread}
 */
export function spread(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** @param {number} ms */
export const ms = (ms) => (Number.isNaN(ms) ? '—' : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
/** @param {number} bytes */
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
/** @param {number} bytes */
export const mb = (bytes) => `${(bytes / 1_000_000).toFixed(2)} MB`;

/**
 * @param {string} title
 * @param {readonly BudgetRow[]} rows
 * @returns {string} a Markdown table (readable in a terminal too)
 */
export function renderBudgetTable(title, rows) {
  const header = ['Measure', 'Value', 'Budget', 'Met'];
  const body = rows.map((row) => [row.measure, row.value, row.budget ?? '', row.met === undefined ? '' : row.met ? 'yes' : '**no**']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [`### ${title}`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ''].join('\n');
}
