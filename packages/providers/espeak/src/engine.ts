import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ESpeakNg from 'espeak-ng';
import type { EspeakFs } from 'espeak-ng';

/** Where a run finds its text and leaves its WAV, inside the instance's in-memory file system. */
export const INPUT_PATH = '/input.txt';
export const OUTPUT_PATH = '/output.wav';

/** What one run of the espeak-ng command line left behind. */
export interface EspeakRun {
  /** `main`'s exit status: 0 on success. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The bytes of {@link OUTPUT_PATH}, when the run wrote it. */
  readonly output: Uint8Array | undefined;
}

/** The espeak-ng command line, compiled once; each run gets an instance of its own. */
export interface EspeakEngine {
  /** What `espeak-ng --version` reports, e.g. `1.52-dev`. */
  readonly version: string;
  /** Runs `espeak-ng <args>` with `input` written to {@link INPUT_PATH}. */
  run(args: readonly string[], input: string): Promise<EspeakRun>;
}

// Node 20's types do not describe WebAssembly without the DOM library; this is all we call.
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const wasm = (globalThis as unknown as { readonly WebAssembly: Wasm }).WebAssembly;

/**
 * The wall clock the instance sees (the epoch, 1970-01-01). espeak-ng seeds the random noise of
 * its variants (`+f3` …) from `time()`, so under the real clock the same request gives different
 * bytes from one second to the next; a fixed clock makes every voice byte-stable.
 */
function withFixedClock(imports: object): object {
  const { env } = imports as { readonly env?: Record<string, unknown> };
  return { ...imports, env: { ...env, emscripten_date_now: () => 0 } };
}

/** The Emscripten runtime's own notice when `main` calls `exit()`: not espeak's output. */
const RUNTIME_NOTICE = /^program exited \(with status: \d+\), but keepRuntimeAlive\(\) is set/;

function readIfPresent(fs: EspeakFs, path: string): Uint8Array | undefined {
  try {
    return fs.readFile(path);
  } catch {
    return undefined;
  }
}

/**
 * One fresh instance: the build is the CLI, whose `main` runs once while the instance starts
 * (running it again on the same instance keeps getopt's and espeak's global state and does nothing).
 * Instances share only the compiled module, so runs cannot disturb each other.
 */
function runInstance(compiled: object, args: readonly string[], input: string): Promise<EspeakRun> {
  return new Promise((resolve, reject) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let status = 0;
    ESpeakNg({
      arguments: [...args],
      thisProgram: 'espeak-ng',
      print: (line) => stdout.push(line),
      printErr: (line) => {
        if (!RUNTIME_NOTICE.test(line)) stderr.push(line);
      },
      // The default handler sets the host's `process.exitCode`; keep the status to ourselves.
      quit: (code, toThrow) => {
        status = code;
        throw toThrow;
      },
      preRun: [
        (module) => {
          module.FS.writeFile(INPUT_PATH, input);
        },
      ],
      // `main` runs inside `receive`: a crash in it (an abort) surfaces here, not as an unhandled rejection.
      instantiateWasm: (imports, receive) => {
        wasm
          .instantiate(compiled, withFixedClock(imports))
          .then((instance) => {
            receive(instance, compiled);
          })
          .catch(reject);
        return {};
      },
    }).then((module) => {
      resolve({ status, stdout: stdout.join('\n'), stderr: stderr.join('\n'), output: readIfPresent(module.FS, OUTPUT_PATH) });
    }, reject);
  });
}

/** Where the package keeps its .wasm (18 MB, voice data embedded). */
export function espeakWasmPath(): string {
  return createRequire(import.meta.url).resolve('espeak-ng/dist/espeak-ng.wasm');
}

/** Compiles the module (≈ 150 ms) and asks it for its version (one run). */
export async function loadEspeakEngine(wasmPath: string = espeakWasmPath()): Promise<EspeakEngine> {
  const compiled = await wasm.compile(await readFile(wasmPath));
  const run = (args: readonly string[], input: string) => runInstance(compiled, args, input);
  const probe = await run(['--version'], '');
  const version = /text-to-speech:\s*(\S+)/.exec(probe.stdout)?.[1];
  if (probe.status !== 0 || version === undefined) throw new Error(`espeak-ng did not start: ${probe.stderr || probe.stdout || `exit status ${probe.status}`}`);
  return { version, run };
}
