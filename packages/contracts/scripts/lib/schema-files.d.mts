/** One wire schema file. */
export interface SchemaSource {
  /** Path relative to the repository root, with forward slashes. */
  readonly file: string;
  /** The schema's `$id`. */
  readonly id: string;
  /** The schema's `title`: the name of its generated type and (camel-cased) of its validator. */
  readonly title: string;
  /** The parsed schema document. */
  readonly schema: Readonly<Record<string, unknown>>;
}

/** Folders (relative to the repository root) whose *.json files are wire schemas. */
export declare const SCHEMA_DIRS: readonly string[];

/** Absolute path of the repository root. */
export declare const repoRoot: string;

/** Every wire schema, sorted by path; throws on a schema that breaks the house rules. */
export declare function loadSchemas(root?: string): SchemaSource[];
