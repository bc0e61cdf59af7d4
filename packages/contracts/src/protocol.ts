/**
 * Version of the wire protocol described by `contracts/` (HTTP bodies, the error shape, the event
 * envelope). Clients and servers exchange it to detect a peer that speaks an older protocol.
 *
 * History (a new line for every wire change; released lines never change):
 * - 1 (2026-11-24): error body with closed error codes, health, readiness, client error report,
 *   CloudEvents 1.0 envelope.
 * - 2 (2026-11-24): auth (Telegram initData, dev login, session), campaigns, invites.
 */
export const PROTOCOL_VERSION = 2;

/**
 * SHA-256 of the canonicalised wire schemas (annotations stripped, keys sorted) that
 * {@link PROTOCOL_VERSION} describes. Pinned by hand: `src/protocol.test.ts` fails when a schema
 * changes, so a wire change cannot slip in without a version bump.
 */
export const SCHEMA_HASH = '4a4c6dbf5d55be66f5784a836527504d4de8e238652a494ed3e9a5c95a3bd907';
