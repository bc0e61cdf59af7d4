import type { DocHistory } from '@rpg-bot/contracts';
import type { AppEnv } from '@rpg-bot/http';
import { ApiError } from '@rpg-bot/http';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '@rpg-bot/access';
import { validPathIds } from '../path-ids';
import type { DocAccess } from '../campaigns';
import type { UpdateLog } from '../sync';
import { UpdateLogError } from '../sync';

export interface HistoryRoutesOptions {
  /** The relay's update log: the same instance the sync route appends to. */
  readonly log: Pick<UpdateLog, 'checkpoints' | 'stateAt'>;
  /** `CampaignStore.docAccessFor`: who may read which doc. */
  readonly docAccess: (docId: string, userId: string) => Promise<DocAccess>;
  /** `bearerAuth(…)`: history is for signed-in members only. */
  readonly auth: MiddlewareHandler<AuthEnv>;
}

const SEQ = /^[1-9]\d{0,15}$/;

// Outsiders get the same 404 as for a doc that does not exist, so doc ids cannot be probed.
const noSuchDoc = () => new ApiError('not_found', 'No such document, or you may not read it.');

async function requireRead(options: HistoryRoutesOptions, docId: string, userId: string): Promise<void> {
  if ((await options.docAccess(docId, userId)) === 'none') throw noSuchDoc();
}

function parseSeq(raw: string): number {
  const seq = SEQ.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(seq)) {
    throw new ApiError('validation_failed', 'The seq must be a positive integer.', {
      details: { issues: [{ path: '/seq', message: 'must be a positive integer' }] },
    });
  }
  return seq;
}

/**
 * Doc history: `GET /v1/docs/{docId}/history` lists the servable versions newest first, and
 * `GET /v1/docs/{docId}/at/{seq}` returns one version as an encoded Yjs update (`X-Doc-Seq`).
 */
export function historyRoutes(options: HistoryRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/v1/docs/:docId/history', options.auth, validPathIds, async (c) => {
    const docId = c.req.param('docId');
    await requireRead(options, docId, c.get('session').userId);
    const checkpoints = await options.log.checkpoints(docId);
    const body: DocHistory = {
      docId,
      checkpoints: checkpoints
        .map(({ seq, at, authorId }) => ({ seq, at: at.toISOString(), authorId }))
        .sort((a, b) => b.seq - a.seq),
    };
    return c.json(body, 200);
  });

  app.get('/v1/docs/:docId/at/:seq', options.auth, validPathIds, async (c) => {
    const docId = c.req.param('docId');
    // Access before the seq check: an outsider learns nothing about the doc, not even from a 400.
    await requireRead(options, docId, c.get('session').userId);
    const seq = parseSeq(c.req.param('seq'));
    let state: Uint8Array;
    try {
      state = await options.log.stateAt(docId, seq);
    } catch (error) {
      if (!(error instanceof UpdateLogError)) throw error;
      if (error.code === 'unknown_seq') throw new ApiError('not_found', `The document has no version ${String(seq)}.`);
      if (error.code === 'history_unavailable') {
        throw new ApiError('not_found', `Version ${String(seq)} of the document was compacted away.`, {
          details: { reason: 'history_unavailable' },
        });
      }
      throw error;
    }
    c.header('X-Doc-Seq', String(seq));
    c.header('Content-Type', 'application/octet-stream');
    // Hono's body wants an ArrayBuffer-backed view; copying keeps pooled buffers from leaking bytes.
    return c.body(new Uint8Array(state), 200);
  });

  return app;
}
