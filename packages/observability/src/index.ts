export { createLogger } from './logger';
export type { LogDestination, Logger, LoggerOptions } from './logger';
export { redactUrl, secretKeys } from './secrets';
export { createLogCapture } from './log-capture';
export type { LogCapture, LogEntry } from './log-capture';
export { createMetrics } from './metrics';
export type { HttpRequestSample, Metrics } from './metrics';
export { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-context';
export type { TraceParent } from './trace-context';
