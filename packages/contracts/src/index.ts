/**
 * @rpg-bot/contracts: the wire formats of `contracts/` as TypeScript types and precompiled
 * validators, for the services and the browser alike.
 */
export type {
  ClientErrorReport,
  ClientErrorReportAccepted,
  CloudEvent,
  CloudEventExtensionValue,
  DatabaseCheck,
  ErrorBody,
  ErrorCode,
  ErrorDetail,
  HealthResponse,
  MigrationsCheck,
  ReadinessChecks,
  ReadinessResponse,
  ValidationDetails,
  ValidationIssue,
} from './generated/types';
export { errorCodes, isErrorCode } from './error-codes';
export { PROTOCOL_VERSION, SCHEMA_HASH } from './protocol';
export type { ValidationResult, Validator } from './validate';
export { validators } from './validators';
