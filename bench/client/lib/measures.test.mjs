import { describe, expect, it } from 'vitest';
import { coldStartPhases, typingText } from './measures.mjs';

/**
 * @param {number} scale
 * @returns {import('./page-probes.mjs').ColdStartSample}
 */
const sample = (scale) => ({
  responseEnd: 10 * scale,
  domContentLoaded: 100 * scale,
  workerStart: 0,
  controlled: true,
  marks: { view: 150 * scale, placeholder: 300 * scale, editor: 390 * scale, content: 400 * scale, painted: 420 * scale },
});

describe('typingText', () => {
  it('is plain words and spaces of the asked length', () => {
    const text = typingText(200);
    expect(text).toHaveLength(200);
    expect(text).toMatch(/^[a-z ]+$/);
  });
});

describe('coldStartPhases', () => {
  it('gives the median time between consecutive landmarks for each doc', () => {
    const phases = coldStartPhases([sample(1), sample(3), sample(2)], [sample(1)]);
    expect(phases.map((phase) => phase.large)).toEqual([20, 180, 100, 300, 200, 40]);
    expect(phases.map((phase) => phase.small)).toEqual([10, 90, 50, 150, 100, 20]);
    expect(phases.reduce((sum, phase) => sum + phase.large, 0)).toBe(840);
  });

  it('leaves out samples where a landmark was never seen', () => {
    const missing = sample(1);
    delete missing.marks.placeholder;
    const phases = coldStartPhases([missing], [sample(1)]);
    expect(phases[3]?.large).toBeNaN();
    expect(phases[5]?.large).toBe(20);
  });
});
