import type { Config } from './load-config';
import type { logLevels, nodeEnvs } from './variables';

/** The HTTP part of {@link Config}: what the shared HTTP app needs. */
export type HttpSettings = Pick<
  Config,
  'bodyLimitBytes' | 'corsOrigins' | 'rateLimitEnabled' | 'rateLimitPerSecond' | 'rateLimitBurst' | 'trustProxy'
>;

/** A LOG_LEVEL value. */
export type LogLevel = (typeof logLevels)[number];

/** A NODE_ENV value. */
export type NodeEnv = (typeof nodeEnvs)[number];
