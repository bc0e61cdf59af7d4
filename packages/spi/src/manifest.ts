import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import type { ArtifactStore } from './artifact-store';
import type { AvatarProvider, ImageProvider, TtsProvider } from './media';

/** The capabilities a provider package can serve, each chosen by one setting (`TTS_PROVIDER` …). */
export interface Capabilities {
  readonly tts: TtsProvider;
  readonly image: ImageProvider;
  readonly avatar: AvatarProvider;
  readonly artifacts: ArtifactStore;
}
export type Capability = keyof Capabilities;
export const CAPABILITIES = ['tts', 'image', 'avatar', 'artifacts'] as const satisfies readonly Capability[];

/** What a provider factory is given: its settings and the process's shared parts, injected. */
export interface ProviderContext {
  /**
   * The process environment. Each provider reads its own variables (e.g. `OPENAI_API_KEY`) and
   * documents them in its README; the core never interprets them.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `DATA_DIR`: where a provider may keep files (the filesystem store keeps artifacts under it). */
  readonly dataDir: string;
  /** The process's database (a store that keeps artifacts in PostgreSQL uses it). */
  readonly db: Database;
  readonly logger: Logger;
  readonly clock: () => number;
}

/** One implementation of a capability inside a provider package. */
export interface ProviderFactory<C extends Capability> {
  /** Selects it when the package serves several of one capability (`ARTIFACT_STORE=@rpg-bot/provider-storage:postgres`). */
  readonly name: string;
  /** One line for the README and the start-up log. */
  readonly description: string;
  /** Builds the provider; a missing or bad setting rejects with a message that names it. */
  create(context: ProviderContext): Capabilities[C] | Promise<Capabilities[C]>;
}

/**
 * What a provider package exports as `manifest` (or its default export): its id, licence and the
 * capabilities it serves. The first factory of a capability is used when the setting names only the package.
 */
export interface ProviderManifest {
  /** Short id recorded in each result's meta and in metrics, e.g. `local`. */
  readonly id: string;
  /** The package's own licence (SPDX): the core stays permissively licensed, a GPL provider says so here. */
  readonly licence: string;
  readonly capabilities: {
    readonly [C in Capability]?: readonly ProviderFactory<C>[];
  };
}

/** Type helper for a provider package's `manifest` export. */
export function defineProvider(manifest: ProviderManifest): ProviderManifest {
  return manifest;
}
