/** One generated file and its full text. */
export interface GeneratedFile {
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** Where the generated files live, relative to the repository root. */
export declare const GENERATED_DIR: string;

/** Generates every file of `packages/contracts/src/generated/` in memory, in a fixed order. */
export declare function generateFiles(root?: string): Promise<GeneratedFile[]>;
