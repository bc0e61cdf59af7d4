/** What a rejection means for the client; the client maps the code to localized text. */
export interface RejectionCodeInfo {
  /** Default reason text, for logs and developers. */
  readonly reason: string;
  /** Whether sending the same update again later may succeed. */
  readonly retryable: boolean;
}

/**
 * Closed set of `rejected` codes (SYNC-REJ-4). Adding a code is a wire change and bumps
 * {@link PROTOCOL_VERSION}.
 */
export const rejectionCodes = {
  /** The member may read but not write this document. */
  read_only: { reason: 'Read-only access', retryable: false },
  /** The update decoded but could not be applied to the document. */
  invalid_update: { reason: 'Update cannot be applied', retryable: false },
  /** Storing the update would exceed the document's size limit. */
  doc_too_large: { reason: 'Document size limit reached', retryable: false },
} as const satisfies Record<string, RejectionCodeInfo>;

/** A code from {@link rejectionCodes}. */
export type RejectionCode = keyof typeof rejectionCodes;

/** Type guard for a string read from the wire. */
export const isRejectionCode = (value: string): value is RejectionCode => Object.hasOwn(rejectionCodes, value);
