/**
 * Version of the wire protocol described by `contracts/` (HTTP bodies, the error shape, the event
 * envelope). Clients and servers exchange it to detect a peer that speaks an older protocol.
 *
 * History (a new line for every wire change; released lines never change):
 * - 1 (2026-11-24): error body with closed error codes, health, readiness, client error report,
 *   CloudEvents 1.0 envelope.
 * - 2 (2026-11-24): auth (Telegram initData, dev login, session), campaigns, invites.
 * - 3 (2026-11-24): doc history (`GET /v1/docs/{docId}/history`).
 * - 4 (2026-12-02): party events (six event types, the stored `PartyEvent`, `GET`/`POST /v1/campaigns/{id}/events`
 *   bodies, the `/v1/party/{campaignId}` WebSocket frames).
 * - 5 (2026-12-07): media jobs (`POST`/`GET`/`DELETE /v1/jobs`, job events, the media library, campaign usage) and the
 *   error codes `idempotency_conflict`, `job_finished`, `queue_full`.
 * - 6 (2026-12-07): the party event `media-shared.v1` (a finished portrait, scene art or narration shown in the feed).
 * - 7 (2026-12-08): memory search and rules answers (`POST /v1/memory/search`, `POST /v1/memory/ask`, `GET /v1/memory/status`),
 *   generation (`GET /v1/generation/profiles`, `POST /v1/generation/{profile}`) and the error codes
 *   `generation_invalid_output`, `generation_refused`, `generation_truncated`.
 */
export const PROTOCOL_VERSION = 7;

/**
 * SHA-256 of the canonicalised wire schemas (annotations stripped, keys sorted) that
 * {@link PROTOCOL_VERSION} describes. Pinned by hand: `src/protocol.test.ts` fails when a schema
 * changes, so a wire change cannot slip in without a version bump.
 */
export const SCHEMA_HASH = '5e0242061d27f7ea879a3fd3ee7f1492bb352de180497695cd5a72aec87839fb';
