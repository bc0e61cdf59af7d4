/**
 * Types for the parts of the `espeak-ng` package (an Emscripten build of the espeak-ng command
 * line, MODULARIZE + EXPORT_ES6) that this provider uses; the package ships none.
 */
declare module 'espeak-ng' {
  /** The in-memory file system of one instance (MEMFS). */
  export interface EspeakFs {
    writeFile(path: string, data: string | Uint8Array): void;
    /** A copy of the file's bytes; throws (ENOENT) when it does not exist. */
    readFile(path: string): Uint8Array;
  }

  export interface EspeakModule {
    readonly FS: EspeakFs;
  }

  /** The Emscripten `Module` settings the factory reads. */
  export interface EspeakModuleOptions {
    /** argv of `main`, which runs once, synchronously, before the factory's promise resolves. */
    arguments?: string[];
    /** argv[0]; without it the runtime takes `process.argv[1]`. */
    thisProgram?: string;
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    /** Called on `exit()`; the default sets `process.exitCode` of the host process. Must throw `toThrow`. */
    quit?: (status: number, toThrow: unknown) => never;
    /** Run after the runtime exists and before `main`; given the module (to write input files). */
    preRun?: ((module: EspeakModule) => void)[];
    /** Replaces fetching and compiling the .wasm: instantiate `imports` and hand the instance to `receive`. */
    instantiateWasm?: (imports: object, receive: (instance: object, module: object) => void) => object;
  }

  export default function ESpeakNg(options?: EspeakModuleOptions): Promise<EspeakModule>;
}
