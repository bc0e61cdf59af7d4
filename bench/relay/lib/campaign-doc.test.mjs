import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildCampaignDoc } from './campaign-doc.mjs';

describe('buildCampaignDoc', () => {
  const campaign = buildCampaignDoc({ targetBytes: 200_000, seed: 7, frameBytes: 32 * 1024 });

  it('reaches the target size through many small edits', () => {
    expect(campaign.state.length).toBeGreaterThanOrEqual(200_000);
    expect(campaign.state.length).toBeLessThan(220_000);
    expect(campaign.edits).toBeGreaterThan(500);
    expect(campaign.doc.getMap('sessions').size).toBeGreaterThan(1);
  });

  it('cuts the history into frames under the frame size that rebuild the same doc', () => {
    expect(campaign.frames.length).toBeGreaterThan(3);
    for (const frame of campaign.frames) expect(frame.length).toBeLessThanOrEqual(32 * 1024);
    const copy = new Y.Doc();
    for (const frame of campaign.frames) Y.applyUpdate(copy, frame);
    expect(Y.encodeStateVector(copy)).toEqual(campaign.stateVector);
    expect(copy.getMap('npcs').toJSON()).toEqual(campaign.doc.getMap('npcs').toJSON());
  });

  it('is the same document for the same seed', () => {
    const again = buildCampaignDoc({ targetBytes: 200_000, seed: 7, frameBytes: 32 * 1024 });
    expect(again.edits).toBe(campaign.edits);
    expect(again.doc.getArray('log').toJSON()).toEqual(campaign.doc.getArray('log').toJSON());
  });
});
