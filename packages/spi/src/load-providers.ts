import type { Capabilities, Capability, ProviderContext, ProviderFactory, ProviderManifest } from './manifest';

/** Why a provider setting could not be honoured; the message names the setting and what to do. */
export class ProviderLoadError extends Error {
  override readonly name = 'ProviderLoadError';
}

/** How the loader imports a package by name (injected in tests; Node's `import()` otherwise). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The settings that choose providers, as named by the configuration (`TTS_PROVIDER` …). */
export type ProviderSelection = { readonly [C in Capability]: string };

/** A chosen provider with where it came from, for the start-up log and `/v1/media/providers`. */
export interface LoadedProvider<C extends Capability> {
  readonly capability: C;
  readonly packageName: string;
  readonly manifest: ProviderManifest;
  readonly factory: ProviderFactory<C>;
  readonly instance: Capabilities[C];
}

export type LoadedProviders = { readonly [C in Capability]: LoadedProvider<C> };

/** Short names resolve to our provider packages: `espeak` → `@rpg-bot/provider-espeak`. */
const SHORT_NAME = /^[a-z][a-z0-9-]*$/;
/** An npm package name, optionally scoped. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/**
 * Splits a setting into a package and an optional factory name: `local`, `@rpg-bot/provider-local`,
 * `storage:postgres`, `@acme/rpg-media:fast`.
 */
export function parseProviderSpec(spec: string): {
  readonly packageName: string;
  readonly factoryName?: string;
} {
  const trimmed = spec.trim();
  const colon = trimmed.lastIndexOf(':');
  const pkg = colon > 0 ? trimmed.slice(0, colon) : trimmed;
  const factoryName = colon > 0 ? trimmed.slice(colon + 1) : undefined;
  if (factoryName !== undefined && !SHORT_NAME.test(factoryName))
    throw new ProviderLoadError(`"${spec}": the part after ":" must be a provider name like "postgres"`);
  const packageName = SHORT_NAME.test(pkg) ? `@rpg-bot/provider-${pkg}` : pkg;
  if (!PACKAGE_NAME.test(packageName)) throw new ProviderLoadError(`"${spec}" is neither a provider short name (e.g. "local") nor an npm package name`);
  return factoryName === undefined ? { packageName } : { packageName, factoryName };
}

function manifestOf(module: unknown, packageName: string): ProviderManifest {
  const exports = (typeof module === 'object' && module !== null ? module : {}) as { manifest?: unknown; default?: unknown };
  const candidate = exports.manifest ?? exports.default;
  const manifest = candidate as { id?: unknown; capabilities?: unknown } | undefined;
  if (manifest === undefined || typeof manifest.id !== 'string' || typeof manifest.capabilities !== 'object' || manifest.capabilities === null) {
    throw new ProviderLoadError(`${packageName} exports no provider manifest (expected \`export const manifest = defineProvider({ … })\`)`);
  }
  return manifest as unknown as ProviderManifest;
}

/**
 * Imports each configured provider package, picks the factory for its capability and builds it.
 * Each package is imported once even when it serves several capabilities.
 */
export async function loadProviders(
  selection: ProviderSelection,
  context: ProviderContext,
  importModule: ModuleImporter = (specifier) => import(specifier),
): Promise<LoadedProviders> {
  const modules = new Map<string, Promise<unknown>>();
  const load = async <C extends Capability>(capability: C): Promise<LoadedProvider<C>> => {
    const setting = `${capability === 'artifacts' ? 'ARTIFACT_STORE' : `${capability.toUpperCase()}_PROVIDER`}=${selection[capability]}`;
    const { packageName, factoryName } = parseProviderSpec(selection[capability]);
    let module = modules.get(packageName);
    if (module === undefined) {
      module = importModule(packageName);
      modules.set(packageName, module);
    }
    let manifest: ProviderManifest;
    try {
      manifest = manifestOf(await module, packageName);
    } catch (error) {
      if (error instanceof ProviderLoadError) throw new ProviderLoadError(`${setting}: ${error.message}`);
      throw new ProviderLoadError(`${setting}: cannot import ${packageName} (${error instanceof Error ? error.message : String(error)}); is it installed?`, {
        cause: error,
      });
    }
    const factories: readonly ProviderFactory<C>[] = manifest.capabilities[capability] ?? [];
    const factory = factoryName === undefined ? factories[0] : factories.find((f) => f.name === factoryName);
    if (factory === undefined) {
      const offered = factories.map((f) => f.name).join(', ');
      throw new ProviderLoadError(
        factoryName === undefined
          ? `${setting}: ${packageName} does not serve ${capability}`
          : `${setting}: ${packageName} has no ${capability} provider "${factoryName}"${offered === '' ? '' : ` (it offers: ${offered})`}`,
      );
    }
    let instance: Capabilities[C];
    try {
      instance = await factory.create(context);
    } catch (error) {
      throw new ProviderLoadError(`${setting}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { capability, packageName, manifest, factory, instance };
  };
  const [tts, image, avatar, artifacts] = await Promise.all([load('tts'), load('image'), load('avatar'), load('artifacts')]);
  return { tts, image, avatar, artifacts };
}
