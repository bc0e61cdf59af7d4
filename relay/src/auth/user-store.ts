import type { Queryable } from '@rpg-bot/db';

/** A user as the relay knows them. */
export interface RelayUser {
  readonly id: string;
  readonly name: string;
}

/** The `users` table: every identity that ever signed in. */
export class UserStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: () => number,
  ) {}

  /** Creates the user or refreshes their display name (Telegram names change). */
  async upsert(user: RelayUser): Promise<void> {
    await this.db.query(
      `INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
      [user.id, user.name, new Date(this.clock())],
    );
  }

  async find(id: string): Promise<RelayUser | undefined> {
    const { rows } = await this.db.query<{ id: string; name: string }>('SELECT id, name FROM users WHERE id = $1', [id]);
    const row = rows[0];
    return row === undefined ? undefined : { id: row.id, name: row.name };
  }
}
