import { describe, expect, it } from 'vitest';
import type { FeatureManifest } from '../shell/feature';
import { checkManifests, features } from './index';

const appFeature = (id: string, path: string): FeatureManifest => ({
  id,
  scope: 'app',
  path,
  order: 0,
  messages: { en: {}, ru: {} },
  load: () => Promise.reject(new Error('not loaded in this test')),
});

describe('feature registry', () => {
  it('collects every folder’s manifest, sorted by order, with the campaigns home page', () => {
    const home = features.find((feature) => feature.scope === 'app' && feature.path === '');
    expect(home?.id).toBe('campaigns');
    const orders = features.map((feature) => feature.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('refuses duplicate ids and duplicate routes', () => {
    expect(() => {
      checkManifests([appFeature('a', 'x'), appFeature('a', 'y')]);
    }).toThrow(/share the id "a"/);
    expect(() => {
      checkManifests([appFeature('a', 'x'), appFeature('b', 'x')]);
    }).toThrow(/share the app route "x"/);
    expect(() => {
      checkManifests([appFeature('a', 'x'), appFeature('b', 'y')]);
    }).not.toThrow();
  });
});
