import type { LogDestination } from './logger';

/** A log record as parsed back from a JSON line. */
export type LogEntry = Readonly<Record<string, unknown>>;

export interface LogCapture {
  /** Pass as `createLogger({ destination })`. */
  readonly destination: LogDestination;
  /** Every line written so far, parsed. */
  entries(): LogEntry[];
  /** Every line written so far, raw (to assert that a secret appears nowhere). */
  text(): string;
}

/** Collects log lines in memory, for tests that assert on what was logged. */
export function createLogCapture(): LogCapture {
  const lines: string[] = [];
  return {
    destination: {
      write: (line: string) => {
        lines.push(line);
      },
    },
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as LogEntry),
    text: () => lines.join(''),
  };
}
