import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from '@rpg-bot/http';
import type { Hono } from 'hono';

/**
 * Serves the built client (Vite output) from `root`: hashed files under /assets are cached
 * forever, everything else is revalidated so a new deploy is picked up; unknown non-API paths
 * fall back to index.html so client-side routes survive a reload.
 */
export function mountStaticClient(app: Hono<AppEnv>, root: string): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  const cacheHeaders = (path: string, setHeader: (name: string, value: string) => void) => {
    setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
  app.use(
    '*',
    serveStatic<AppEnv>({
      root,
      onFound: (path, c) => {
        cacheHeaders(path, (name, value) => {
          c.header(name, value);
        });
      },
    }),
  );
  app.get(
    '*',
    async (c, next) => {
      const isApi = c.req.path.startsWith('/v1/') || c.req.path === '/v1';
      const wantsHtml = c.req.header('accept')?.includes('text/html') ?? false;
      if (isApi || !wantsHtml) {
        await next();
        return;
      }
      c.header('Cache-Control', 'no-cache');
      return serveStatic<AppEnv>({ root, path: 'index.html' })(c, next);
    },
  );
  return true;
}
