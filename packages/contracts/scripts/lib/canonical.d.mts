/** Keywords that document a schema without changing what it accepts. */
export declare const ANNOTATIONS: readonly string[];

/** The schema without documentation keywords. */
export declare function stripAnnotations(schema: unknown): unknown;

/** JSON with object keys sorted at every depth and no whitespace. */
export declare function canonicalJson(value: unknown): string;

/** SHA-256 (hex) over every schema's path and canonical, annotation-free form. */
export declare function schemaHash(sources: readonly { file: string; schema: unknown }[]): string;
