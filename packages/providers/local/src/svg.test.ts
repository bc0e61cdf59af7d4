import { describe, expect, it } from 'vitest';
import { escapeXml, mix, n, smoothPath } from './svg';

describe('svg helpers', () => {
  it('escapes the five XML specials and nothing else', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a> — «ёж»`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt; — «ёж»');
  });

  it('mixes colours and rounds coordinates to a tenth', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#102030', '#102030', 0.7)).toBe('#102030');
    expect(n(1.26)).toBe('1.3');
    expect(n(-0.04)).toBe('0');
  });

  it('draws a smooth path through every point', () => {
    const d = smoothPath([[0, 0], [10, 5], [20, 0]]);
    expect(d.startsWith('M0 0C')).toBe(true);
    expect(d).toContain(' 10 5C');
    expect(d.endsWith(' 20 0')).toBe(true);
  });
});
