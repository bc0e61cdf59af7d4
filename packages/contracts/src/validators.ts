import * as compiled from './generated/validators';
import { fromRaw } from './validate';

/**
 * One validator per wire schema, precompiled (no code generation at run time, CSP-safe). Each
 * returns `{ ok: true, value }` or `{ ok: false, issues }`; see {@link ValidationResult}.
 */
export const validators = Object.freeze({
  /** `contracts/jsonschema/error.json`: the body of every failed HTTP response. */
  errorBody: fromRaw(compiled.ErrorBody),
  /** `contracts/jsonschema/health.json`: `GET /healthz` (200). */
  healthResponse: fromRaw(compiled.HealthResponse),
  /** `contracts/jsonschema/readiness.json`: `GET /readyz` (200 ready, 503 not ready). */
  readinessResponse: fromRaw(compiled.ReadinessResponse),
  /** `contracts/jsonschema/client-error-report.json`: body of `POST /v1/diagnostics/client-errors`. */
  clientErrorReport: fromRaw(compiled.ClientErrorReport),
  /** `contracts/jsonschema/client-error-report-accepted.json`: its 202 response. */
  clientErrorReportAccepted: fromRaw(compiled.ClientErrorReportAccepted),
  /** `contracts/events/cloudevent.json`: the CloudEvents 1.0 envelope of party events. */
  cloudEvent: fromRaw(compiled.CloudEvent),
  /** `contracts/jsonschema/telegram-auth-request.json`: body of `POST /v1/auth/telegram`. */
  telegramAuthRequest: fromRaw(compiled.TelegramAuthRequest),
  /** `contracts/jsonschema/dev-login-request.json`: body of `POST /v1/auth/dev`. */
  devLoginRequest: fromRaw(compiled.DevLoginRequest),
  /** `contracts/jsonschema/session.json`: 200 response of the auth routes. */
  session: fromRaw(compiled.Session),
  /** `contracts/jsonschema/campaign-create-request.json`: body of `POST /v1/campaigns`. */
  campaignCreateRequest: fromRaw(compiled.CampaignCreateRequest),
  /** `contracts/jsonschema/campaign.json`: one campaign as a member sees it. */
  campaign: fromRaw(compiled.Campaign),
  /** `contracts/jsonschema/campaign-list.json`: 200 response of `GET /v1/campaigns`. */
  campaignList: fromRaw(compiled.CampaignList),
  /** `contracts/jsonschema/invite-create-request.json`: body of `POST /v1/campaigns/{id}/invites`. */
  inviteCreateRequest: fromRaw(compiled.InviteCreateRequest),
  /** `contracts/jsonschema/invite.json`: its 201 response. */
  invite: fromRaw(compiled.Invite),
  /** `contracts/jsonschema/doc-history.json`: 200 response of `GET /v1/docs/{docId}/history`. */
  docHistory: fromRaw(compiled.DocHistory),
});
