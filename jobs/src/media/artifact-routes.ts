import type { AuthEnv } from '@rpg-bot/access';
import type { AppEnv } from '@rpg-bot/http';
import { ApiError } from '@rpg-bot/http';
import type { ArtifactStore, ByteRange } from '@rpg-bot/spi';
import { ARTIFACT_MIME_EXTENSIONS } from '@rpg-bot/spi';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { JobStore } from './job-store';

export interface ArtifactRoutesOptions {
  readonly store: JobStore;
  readonly artifacts: ArtifactStore;
  readonly auth: MiddlewareHandler<AuthEnv>;
}

const FILE = /^([0-9a-f]{64})\.(wav|webp)$/;
const notFound = () => new ApiError('not_found', 'No such artifact, or none of your campaigns holds it.');

/** Parses a single `bytes=` range of RFC 9110 against an artifact of `size` bytes: a range, 'unsatisfiable', or undefined (serve it whole). */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges and other units are allowed to be ignored: the whole artifact is served.
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return 'unsatisfiable';
  return { start, end };
}

/**
 * `GET /v1/artifacts/{sha256}.{wav|webp}`: content-addressed, immutable media. Only a member of a
 * campaign holding a finished job with this result gets it (anyone else gets the same 404 as for a
 * hash that does not exist). `ETag` is the hash; `Range` is honoured (audio seeking).
 */
export function artifactRoutes({ store, artifacts, auth }: ArtifactRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AuthEnv>();
  app.on(['GET', 'HEAD'], '/v1/artifacts/:file', auth, async (c) => {
    const match = FILE.exec(c.req.param('file'));
    if (match === null) throw notFound();
    const [, sha256 = '', extension] = match;
    const mime = await store.memberHoldsArtifact(sha256, c.get('session').userId);
    if (mime === undefined || ARTIFACT_MIME_EXTENSIONS[mime] !== extension) throw notFound();
    const info = await artifacts.stat(sha256);
    if (info === undefined) {
      c.get('log').error({ sha256 }, 'a finished job’s artifact is missing from the store');
      throw notFound();
    }
    const etag = `"${sha256}"`;
    const headers: Record<string, string> = {
      'Content-Type': mime,
      ETag: etag,
      // Private: access depends on the caller. Immutable: the name is the content.
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      return c.body(null, 304, headers);
    }
    const range = parseRange(c.req.header('range'), info.bytes);
    if (range === 'unsatisfiable') {
      const body = { error: { code: 'bad_request', message: `The range starts past the end of the artifact (${info.bytes} bytes).` } };
      return c.json(body, 416, { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes */${info.bytes}` });
    }
    const status = range === undefined ? 200 : 206;
    const sent =
      range === undefined
        ? { ...headers, 'Content-Length': String(info.bytes) }
        : { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${info.bytes}`, 'Content-Length': String(range.end - range.start + 1) };
    if (c.req.method === 'HEAD') return c.body(null, status, sent);
    const bytes = await artifacts.read(sha256, range);
    if (bytes === undefined) throw notFound();
    return c.body(new Uint8Array(bytes), status, sent);
  });
  return app as unknown as Hono<AppEnv>;
}
