import { runArtifactStoreConformance, runTtsConformance } from './conformance';
import { createToneTts } from './tone-tts';
import { MemoryArtifactStore } from './memory-artifact-store';

runArtifactStoreConformance('memory', () =>
  Promise.resolve({
    store: new MemoryArtifactStore(),
    cleanup: () => Promise.resolve(),
  }),
);
runTtsConformance('tone', {
  create: () => createToneTts(),
  deterministic: true,
});
