/** Paths of the operational endpoints: never rate-limited, logged quietly. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function isProbePath(path: string): boolean {
  return PROBE_PATHS.has(path);
}
