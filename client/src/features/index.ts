/**
 * Every feature of the app, collected from `./<feature>/manifest.ts` at build time: adding a
 * feature is adding a folder, the shell never changes. A manifest module exports its manifest as
 * `default` (one manifest or an array of them), or as a named `manifest` / `manifests` export.
 * See docs/architecture/frontend-modularity.md.
 */
import type { FeatureManifest } from '../shell/feature';

interface ManifestModule {
  readonly default?: FeatureManifest | readonly FeatureManifest[];
  readonly manifest?: FeatureManifest;
  readonly manifests?: readonly FeatureManifest[];
}

const modules = import.meta.glob<ManifestModule>('./*/manifest.ts', { eager: true });

function manifestsOf(module: ManifestModule): FeatureManifest[] {
  const found: FeatureManifest[] = [];
  const add = (value: FeatureManifest | readonly FeatureManifest[] | undefined) => {
    if (value === undefined) return;
    if (isManifestList(value)) found.push(...value);
    else found.push(value);
  };
  add(module.default);
  add(module.manifest);
  add(module.manifests);
  return found;
}

function isManifestList(value: FeatureManifest | readonly FeatureManifest[]): value is readonly FeatureManifest[] {
  return Array.isArray(value);
}

/** Checks what the type system cannot: ids and routes are unique across all features. */
export function checkManifests(manifests: readonly FeatureManifest[]): void {
  const ids = new Set<string>();
  const routes = new Set<string>();
  for (const manifest of manifests) {
    if (ids.has(manifest.id)) throw new Error(`Two features share the id "${manifest.id}"`);
    ids.add(manifest.id);
    const route = `${manifest.scope}:${manifest.path}`;
    if (routes.has(route)) throw new Error(`Two features share the ${manifest.scope} route "${manifest.path}"`);
    routes.add(route);
  }
}

function collect(): readonly FeatureManifest[] {
  const all = Object.keys(modules)
    .sort()
    .flatMap((path) => {
      const module = modules[path];
      return module === undefined ? [] : manifestsOf(module);
    });
  checkManifests(all);
  return Object.freeze([...all].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)));
}

/** All feature manifests, sorted by `order` (then id). */
export const features: readonly FeatureManifest[] = collect();
