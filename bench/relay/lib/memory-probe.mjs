// Preloaded into both benchmarked servers (`node --expose-gc --import <this> …`): on SIGUSR2 it runs
// a full garbage collection and writes `process.memoryUsage()` to BENCH_MEMORY_FILE, so the
// benchmark compares what each server *holds*, not the garbage a load left behind. Touches nothing
// else in the server.
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
const collect = /** @type {{ gc?: () => void }} */ (globalThis).gc;

if (file !== undefined && file !== '') {
  process.on('SIGUSR2', () => {
    // Twice: the first pass may only finalize objects the second one frees.
    collect?.();
    collect?.();
    const usage = { ...process.memoryUsage(), collected: collect !== undefined };
    // Written whole, then renamed: the reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(usage));
    renameSync(`${file}.tmp`, file);
  });
}
