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
  /** `contracts/jsonschema/job-create-request.json`: body of `POST /v1/jobs`. */
  jobCreateRequest: fromRaw(compiled.JobCreateRequest),
  /** `contracts/jsonschema/job-accepted.json`: its 202 response. */
  jobAccepted: fromRaw(compiled.JobAccepted),
  /** `contracts/jsonschema/job.json`: `GET /v1/jobs/{id}`. */
  job: fromRaw(compiled.Job),
  /** `contracts/jsonschema/job-list.json`: `GET /v1/jobs?campaignId=`. */
  jobList: fromRaw(compiled.JobList),
  /** `contracts/jsonschema/job-event.json`: the data of one event of `GET /v1/jobs/{id}/events`. */
  jobEvent: fromRaw(compiled.JobEvent),
  /** `contracts/jsonschema/campaign-usage.json`: `GET /v1/campaigns/{id}/usage`. */
  campaignUsage: fromRaw(compiled.CampaignUsage),
  /** `contracts/jsonschema/media-providers.json`: `GET /v1/media/providers`. */
  mediaProviders: fromRaw(compiled.MediaProviders),
  /** `contracts/jsonschema/memory-search-request.json`: body of `POST /v1/memory/search`. */
  memorySearchRequest: fromRaw(compiled.MemorySearchRequest),
  /** `contracts/jsonschema/memory-search-result.json`: its 200 response. */
  memorySearchResult: fromRaw(compiled.MemorySearchResult),
  /** `contracts/jsonschema/memory-index-status.json`: `GET /v1/memory/status`. */
  memoryIndexStatus: fromRaw(compiled.MemoryIndexStatus),
  /** `contracts/jsonschema/memory-ask-request.json`: body of `POST /v1/memory/ask`. */
  memoryAskRequest: fromRaw(compiled.MemoryAskRequest),
  /** `contracts/jsonschema/memory-answer.json`: its 200 response. */
  memoryAnswer: fromRaw(compiled.MemoryAnswer),
  /** `contracts/jsonschema/generation-profile-list.json`: `GET /v1/generation/profiles`. */
  generationProfileList: fromRaw(compiled.GenerationProfileList),
  /** `contracts/jsonschema/generation-request.json`: body of `POST /v1/generation/{profile}`. */
  generationRequest: fromRaw(compiled.GenerationRequest),
  /** `contracts/jsonschema/generation-result.json`: its 200 response. */
  generationResult: fromRaw(compiled.GenerationResult),
  /** `contracts/events/party-chat-message.v1.json`: a chat line (members publish it). */
  partyChatMessageV1: fromRaw(compiled.PartyChatMessageV1),
  /** `contracts/events/party-gm-notice.v1.json`: a GM announcement (the GM publishes it). */
  partyGmNoticeV1: fromRaw(compiled.PartyGmNoticeV1),
  /** `contracts/events/party-media-shared.v1.json`: a finished portrait, scene art or narration shown to the party (members publish it). */
  partyMediaSharedV1: fromRaw(compiled.PartyMediaSharedV1),
  /** `contracts/events/party-dice-requested.v1.json`: a dice roll request (members publish it). */
  partyDiceRequestedV1: fromRaw(compiled.PartyDiceRequestedV1),
  /** `contracts/events/party-dice-rolled.v1.json`: a roll's result (only the relay emits it). */
  partyDiceRolledV1: fromRaw(compiled.PartyDiceRolledV1),
  /** `contracts/events/party-member-joined.v1.json`: a member joined (only the relay emits it). */
  partyMemberJoinedV1: fromRaw(compiled.PartyMemberJoinedV1),
  /** `contracts/events/party-member-left.v1.json`: a member left or was removed (only the relay emits it). */
  partyMemberLeftV1: fromRaw(compiled.PartyMemberLeftV1),
  /** `contracts/events/party-event.json`: any party event as stored and delivered (stamped with seq, actor). */
  partyEvent: fromRaw(compiled.PartyEvent),
  /** `contracts/jsonschema/party-event-page.json`: 200 response of `GET /v1/campaigns/{id}/events`. */
  partyEventPage: fromRaw(compiled.PartyEventPage),
  /** `contracts/jsonschema/party-publish-result.json`: 200 response of `POST /v1/campaigns/{id}/events`. */
  partyPublishResult: fromRaw(compiled.PartyPublishResult),
  /** `contracts/jsonschema/party-client-frame.json`: a frame a client sends on `/v1/party/{campaignId}`. */
  partyClientFrame: fromRaw(compiled.PartyClientFrame),
  /** `contracts/jsonschema/party-server-frame.json`: a frame the relay sends on `/v1/party/{campaignId}`. */
  partyServerFrame: fromRaw(compiled.PartyServerFrame),
});
