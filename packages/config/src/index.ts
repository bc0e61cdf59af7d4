export { defaultDevLogin, loadConfig, environmentSchema } from './load-config';
export type { Config, Environment } from './load-config';
export { ConfigError } from './config-error';
export type { ConfigIssue } from './config-error';
export { configVariables } from './config-variables';
export type { ConfigVariable } from './config-variables';
export { logLevels, nodeEnvs } from './variables';
export type { HttpSettings, LogLevel, NodeEnv } from './settings';
