import { join } from 'node:path';
import { defineProvider } from '@rpg-bot/spi';
import { FilesystemArtifactStore } from './filesystem-store';
import { PostgresArtifactStore } from './postgres-store';

export { FilesystemArtifactStore } from './filesystem-store';
export { PostgresArtifactStore } from './postgres-store';

/**
 * `ARTIFACT_STORE=storage` (or `storage:filesystem`): files under `DATA_DIR/artifacts`, the default;
 * `ARTIFACT_STORE=storage:postgres`: the database, for processes that share no disk.
 */
export const manifest = defineProvider({
  id: 'storage',
  licence: 'MIT',
  capabilities: {
    artifacts: [
      {
        name: 'filesystem',
        description: 'Files under DATA_DIR/artifacts: atomic writes, deduplicated by hash.',
        create: ({ dataDir }) => new FilesystemArtifactStore(join(dataDir, 'artifacts')),
      },
      {
        name: 'postgres',
        description: 'The artifact_blobs table of the database: shared by every process, no shared disk needed.',
        create: ({ db }) => PostgresArtifactStore.open(db),
      },
    ],
  },
});
