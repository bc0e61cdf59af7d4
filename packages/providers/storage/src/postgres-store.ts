import type { Database } from '@rpg-bot/db';
import type { ArtifactStore, ByteRange, StoredArtifact } from '@rpg-bot/spi';
import { assertContentAddress, assertSha256 } from '@rpg-bot/spi';

/**
 * The table this store keeps artifacts in. Created by the store itself (it belongs to the
 * provider, not to a service), under an advisory lock so that processes starting together agree.
 * `STORAGE EXTERNAL` keeps the bytes uncompressed out of line, so a ranged read fetches only the
 * chunks it needs.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS artifact_blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  size integer NOT NULL CHECK (size = length(bytes)),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE artifact_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
`;

/** Any constant both processes agree on: serialises the CREATE TABLE of processes starting at once. */
const SCHEMA_LOCK = 7_310_201;

/**
 * Artifacts in PostgreSQL (`artifact_blobs`): every process of one database shares them, with no
 * shared disk. A put is one `INSERT … ON CONFLICT DO NOTHING`, durable when it returns; equal
 * hashes are stored once.
 */
export class PostgresArtifactStore implements ArtifactStore {
  readonly kind = 'postgres';

  private constructor(private readonly db: Database) {}

  /** Creates the table when missing, then the store. */
  static async open(db: Database): Promise<PostgresArtifactStore> {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await tx.exec(SCHEMA);
    });
    return new PostgresArtifactStore(db);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<StoredArtifact> {
    assertContentAddress(sha256, bytes);
    await this.db.query('INSERT INTO artifact_blobs (sha256, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes, bytes.length]);
    return { sha256, bytes: bytes.length };
  }

  async stat(sha256: string): Promise<StoredArtifact | undefined> {
    assertSha256(sha256);
    const { rows } = await this.db.query<{ size: number }>('SELECT size FROM artifact_blobs WHERE sha256 = $1', [sha256]);
    const row = rows[0];
    return row === undefined ? undefined : { sha256, bytes: row.size };
  }

  async read(sha256: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    assertSha256(sha256);
    if (range === undefined) {
      const { rows } = await this.db.query<{ bytes: Uint8Array }>('SELECT bytes FROM artifact_blobs WHERE sha256 = $1', [sha256]);
      return rows[0]?.bytes;
    }
    if (range.start < 0 || range.start > range.end) return undefined;
    // substring() counts from 1; a range past the end is clamped by PostgreSQL.
    const { rows } = await this.db.query<{ part: Uint8Array; size: number }>(
      'SELECT substring(bytes FROM $2::int + 1 FOR $3::int) AS part, size FROM artifact_blobs WHERE sha256 = $1',
      [sha256, range.start, Math.min(range.end - range.start + 1, 2 ** 31 - 1)],
    );
    const row = rows[0];
    if (row === undefined || range.start >= row.size) return undefined;
    return row.part;
  }

  async delete(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.db.query('DELETE FROM artifact_blobs WHERE sha256 = $1', [sha256]);
  }
}
