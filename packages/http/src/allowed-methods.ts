import type { Hono } from 'hono';
import type { Env } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { isCatchAll } from './route-pattern';

/**
 * Finds which methods have a route for a path, for 405 answers. The lookup table is built lazily
 * from `app.routes` and rebuilt when routes were added since (services mount theirs after the
 * app is created).
 */
export function allowedMethodsOf<E extends Env>(app: Hono<E>): (path: string) => string[] {
  let builtFor = -1;
  let router = new TrieRouter<string>();
  return (path) => {
    if (builtFor !== app.routes.length) {
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        // A catch-all (the SPA fallback) would make every unknown path look "known" to GET.
        if (route.method !== 'ALL' && !isCatchAll(route.path)) router.add('ALL', route.path, route.method);
      }
      builtFor = app.routes.length;
    }
    const methods = new Set(router.match('ALL', path)[0].map(([method]) => method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
