import { errorMessageKey, isApiError } from '../../api';

/** The message key (and whether retrying can help) for a failed invite acceptance. */
export function joinErrorKey(error: unknown): { readonly key: string; readonly retryable: boolean } {
  if (isApiError(error)) {
    if (error.code === 'not_found') return { key: 'campaigns.join.unknown', retryable: false };
    // A code without the format of one (a link cut short when copied) can be no invite either.
    if (error.code === 'bad_request') return { key: 'campaigns.join.unknown', retryable: false };
    if (error.code === 'forbidden') {
      const reason =
        typeof error.details === 'object' && error.details !== null && 'reason' in error.details ? error.details.reason : undefined;
      if (reason === 'invite_expired') return { key: 'campaigns.join.expired', retryable: false };
      if (reason === 'invite_revoked') return { key: 'campaigns.join.revoked', retryable: false };
    }
  }
  return { key: errorMessageKey(error), retryable: true };
}
