/** Conformance suites every adapter of the SPI runs (vitest), and helpers for provider tests. */
export type { ArtifactStoreConformanceSetup, ProviderConformanceOptions } from './conformance';
export { runArtifactStoreConformance, runAvatarConformance, runImageConformance, runTtsConformance, testRenderContext } from './conformance';
