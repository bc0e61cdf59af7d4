export { capabilities, extensionLimits, PROTOCOL_VERSION } from './version';
export type { Capability } from './version';
export { authType, messageType, syncType } from './message-types';
export type {
  AckMessage,
  AwarenessEntry,
  AwarenessMessage,
  ClientMessage,
  HelloMessage,
  LimitsMessage,
  PermissionDeniedMessage,
  QueryAwarenessMessage,
  RejectedMessage,
  ServerMessage,
  SyncStep1Message,
  SyncStep2Message,
  SyncUpdateMessage,
  UpdateFragmentMessage,
  UpdateWithRefMessage,
  WelcomeMessage,
} from './messages';
export { closeCodeForError } from './protocol-error';
export type { DecodeResult, ProtocolError, ProtocolErrorCode } from './protocol-error';
export { DEFAULT_MAX_DOC_BYTES, defaultLimits } from './limits';
export type { DecodeLimits } from './limits';
export { decodeClientMessage } from './decode-client-message';
export { decodeServerMessage } from './decode-server-message';
export {
  encodeAwareness,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  syncStep2Header,
} from './encode-yjs';
export {
  encodeAck,
  encodeHello,
  encodeLimits,
  encodeRejected,
  encodeUpdateFragment,
  encodeUpdateWithRef,
  encodeWelcome,
  fragmentUpdate,
} from './encode-extension';
export { closeCodeInfo, closeCodes, reconnectPolicy } from './close-codes';
export type { CloseCodeInfo, CloseCodeName, ReconnectPolicy } from './close-codes';
export { isRejectionCode, rejectionCodes } from './rejection-codes';
export type { RejectionCode, RejectionCodeInfo } from './rejection-codes';
export { MIN_PROTOCOL_VERSION, negotiate } from './negotiate';
export type { Negotiated } from './negotiate';
export { isYjsUpdateV1 } from './yjs-update-v1';
