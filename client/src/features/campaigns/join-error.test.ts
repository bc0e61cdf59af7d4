import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { joinErrorKey } from './join-error';

describe('joinErrorKey', () => {
  it('explains expired, revoked and unknown invites, which a retry cannot fix', () => {
    expect(joinErrorKey(new ApiError('forbidden', 'x', { status: 403, details: { reason: 'invite_expired' } }))).toEqual({
      key: 'campaigns.join.expired',
      retryable: false,
    });
    expect(joinErrorKey(new ApiError('forbidden', 'x', { status: 403, details: { reason: 'invite_revoked' } }))).toEqual({
      key: 'campaigns.join.revoked',
      retryable: false,
    });
    expect(joinErrorKey(new ApiError('not_found', 'x', { status: 404 }))).toEqual({ key: 'campaigns.join.unknown', retryable: false });
    expect(joinErrorKey(new ApiError('bad_request', 'x', { status: 400, details: { parameter: 'code' } }))).toEqual({ key: 'campaigns.join.unknown', retryable: false });
  });

  it('offers a retry for everything else', () => {
    expect(joinErrorKey(new ApiError('offline', 'x'))).toEqual({ key: 'error.offline', retryable: true });
    expect(joinErrorKey(new Error('boom'))).toEqual({ key: 'error.unknown', retryable: true });
  });
});
