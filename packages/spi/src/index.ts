/**
 * The provider SPI (see docs/architecture/spi.md): the ports media providers implement, the
 * manifest a provider package exports, and the loader that picks one per capability by configuration.
 */
export type { ArtifactStore, ByteRange, StoredArtifact } from './artifact-store';
export { assertSha256, SHA256_HEX } from './artifact-store';
export type {
  ArtifactMime,
  AvatarProvider,
  AvatarRequest,
  ImageProvider,
  ImageRequest,
  ImageSize,
  Licence,
  MediaLanguage,
  RenderContext,
  Rendered,
  RenderMeta,
  Style,
  TtsProvider,
  TtsRequest,
  Voice,
} from './media';
export { ARTIFACT_MIME_EXTENSIONS, IMAGE_SIZES, MEDIA_LANGUAGES, parseImageSize } from './media';
export type { Capabilities, Capability, ProviderContext, ProviderFactory, ProviderManifest } from './manifest';
export { CAPABILITIES, defineProvider } from './manifest';
export type { LoadedProvider, LoadedProviders, ModuleImporter, ProviderSelection } from './load-providers';
export { loadProviders, parseProviderSpec, ProviderLoadError } from './load-providers';
export { assertContentAddress, MemoryArtifactStore, sha256Hex, sliceRange } from './memory-artifact-store';
export { createToneTts } from './tone-tts';
export type { PcmAudio, WavInfo, WavLayout } from './wav';
export { encodeWav, parseWav, readWavLayout } from './wav';
export type { WebpInfo } from './webp';
export { parseWebpHeader } from './webp';
export type { ProviderErrorKind } from './provider-error';
export { isProviderError, ProviderError } from './provider-error';
