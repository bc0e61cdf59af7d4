import { variables } from './variables';

/** Documentation of one environment variable. */
export interface ConfigVariable {
  readonly name: string;
  /** As the operator would write it; `undefined` = unset by default. */
  readonly default: string | undefined;
  readonly description: string;
}

/** Every environment variable the services read, in documentation order. */
export const configVariables: readonly ConfigVariable[] = Object.values(variables).map(
  ({ name, default: fallback, description }) => ({ name, default: fallback, description }),
);
