/**
 * @rpg-bot/contracts: the wire formats of `contracts/` as TypeScript types and precompiled
 * validators, for the services and the browser alike.
 */
export type {
  Campaign,
  CampaignCreateRequest,
  CampaignDocIds,
  CampaignList,
  CampaignRole,
  ClientErrorReport,
  ClientErrorReportAccepted,
  CloudEvent,
  CloudEventExtensionValue,
  DatabaseCheck,
  DevLoginRequest,
  DocCheckpoint,
  DocHistory,
  ErrorBody,
  ErrorCode,
  ErrorDetail,
  HealthResponse,
  Invite,
  InviteCreateRequest,
  InviteRole,
  MigrationsCheck,
  ReadinessChecks,
  ReadinessResponse,
  Session,
  SessionUser,
  TelegramAuthRequest,
  ValidationDetails,
  ValidationIssue,
} from './generated/types';
export { errorCodes, isErrorCode } from './error-codes';
export { PROTOCOL_VERSION, SCHEMA_HASH } from './protocol';
export type { ValidationResult, Validator } from './validate';
export { validators } from './validators';
