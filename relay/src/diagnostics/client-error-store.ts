import type { Database } from '@rpg-bot/db';
import type { ClientErrorReport } from '@rpg-bot/contracts';

/** Reports kept; older ones are pruned on insert so a crash loop on many phones cannot fill the disk. */
export const CLIENT_ERROR_RETENTION = 10_000;

/** Durable store of error reports sent by clients (the PWA on players' phones). */
export class ClientErrorStore {
  constructor(
    private readonly db: Database,
    private readonly retention = CLIENT_ERROR_RETENTION,
  ) {}

  /** Commits the report (and prunes beyond retention) before resolving: an acknowledged report is on disk. */
  async add(report: ClientErrorReport, traceId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO client_error_reports (occurred_at, trace_id, message, stack, url, app_version, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          report.occurredAt,
          traceId,
          report.message,
          report.stack ?? null,
          report.url ?? null,
          report.appVersion ?? null,
          report.userAgent ?? null,
        ],
      );
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('insert returned no id');
      await tx.query('DELETE FROM client_error_reports WHERE id <= $1', [id - this.retention]);
      return id;
    });
  }

  /** Newest first. */
  async recent(limit: number): Promise<(ClientErrorReport & { id: number; traceId: string })[]> {
    const { rows } = await this.db.query<{
      id: number;
      trace_id: string;
      occurred_at: Date;
      message: string;
      stack: string | null;
      url: string | null;
      app_version: string | null;
      user_agent: string | null;
    }>('SELECT * FROM client_error_reports ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((r) => ({
      id: r.id,
      traceId: r.trace_id,
      occurredAt: r.occurred_at.toISOString(),
      message: r.message,
      ...(r.stack === null ? {} : { stack: r.stack }),
      ...(r.url === null ? {} : { url: r.url }),
      ...(r.app_version === null ? {} : { appVersion: r.app_version }),
      ...(r.user_agent === null ? {} : { userAgent: r.user_agent }),
    }));
  }
}
