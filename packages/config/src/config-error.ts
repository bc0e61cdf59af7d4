/** One invalid environment variable. */
export interface ConfigIssue {
  /** The variable's name, e.g. `PORT`. */
  readonly variable: string;
  /** The full line shown to the operator (starts with "Invalid configuration:"). */
  readonly message: string;
}

/**
 * Thrown by {@link loadConfig} when any variable is invalid. The message has one line per bad
 * variable, so printing it and exiting is all a `main` needs to do.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => issue.message).join('\n'));
  }
}
