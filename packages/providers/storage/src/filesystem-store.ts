import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArtifactStore, ByteRange, StoredArtifact } from '@rpg-bot/spi';
import { assertContentAddress, assertSha256 } from '@rpg-bot/spi';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Artifacts as files under `root` (`DATA_DIR/artifacts` by default), fanned out by the hash's
 * first two bytes: `ab/cd/abcd…`. A write goes to a temporary file in the same folder, is
 * fsynced, then renamed into place (atomic on POSIX), and the folder is fsynced: a reader never
 * sees a partial file and a crash leaves at most an orphaned temporary file, removed on the next
 * write of the same hash. Equal hashes are stored once.
 */
export class FilesystemArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';

  constructor(private readonly root: string) {}

  #path(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<StoredArtifact> {
    assertContentAddress(sha256, bytes);
    const path = this.#path(sha256);
    const existing = await this.stat(sha256);
    if (existing !== undefined && existing.bytes === bytes.length) return existing;
    // The first folder this created, if any: its parent's entry for it must reach the disk too.
    const created = await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temporary, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // The new name, and every folder entry created on the way to it, must survive a power cut.
    await syncFolder(dirname(path));
    if (created !== undefined) {
      await syncFolder(dirname(dirname(path)));
      await syncFolder(this.root);
    }
    return { sha256, bytes: bytes.length };
  }

  async stat(sha256: string): Promise<StoredArtifact | undefined> {
    try {
      const info = await stat(this.#path(sha256));
      return { sha256, bytes: info.size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    let file;
    try {
      file = await open(this.#path(sha256), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      const { size } = await file.stat();
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size - 1, size - 1);
      if (range !== undefined && (start < 0 || start > range.end || start >= size)) return undefined;
      const length = Math.max(0, end - start + 1);
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await file.read(out, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? out : out.subarray(0, done);
    } finally {
      await file.close();
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.#path(sha256), { force: true });
  }
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
