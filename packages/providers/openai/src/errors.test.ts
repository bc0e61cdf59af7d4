import { ProviderError } from '@rpg-bot/spi';
import { APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, toProviderError } from './errors';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const apiError = (status: number, code: string | null, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: 'something', type: 'x', param: null, code } }, undefined, new Headers(headers));
const idle = new AbortController().signal;

describe('retryAfterMs', () => {
  it('prefers retry-after-ms, then reads retry-after as seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1234.5', 'retry-after': '9' }))).toBe(1235);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 07 Dec 2026 12:00:30 GMT' }), () => NOW)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 07 Dec 2026 11:00:00 GMT' }), () => NOW)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon', 'retry-after-ms': '-5' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('toProviderError', () => {
  it('sorts statuses into the SPI’s kinds', () => {
    const kind = (error: unknown) => (toProviderError(error, idle, 'images') as ProviderError).kind;
    expect(kind(apiError(400, 'moderation_blocked'))).toBe('refused');
    expect(kind(apiError(400, 'content_policy_violation'))).toBe('refused');
    expect(kind(apiError(400, 'invalid_value'))).toBe('failed');
    expect(kind(apiError(404, 'model_not_found'))).toBe('failed');
    expect(kind(apiError(403, null))).toBe('failed');
    for (const status of [408, 409, 429, 500, 502, 503]) expect(kind(apiError(status, null))).toBe('unavailable');
    expect(kind(new APIConnectionTimeoutError())).toBe('unavailable');
    expect(kind(new TypeError('boom'))).toBe('failed');
  });

  it('carries the wait of a 503 too, and keeps a ProviderError as it is', () => {
    expect(toProviderError(apiError(503, null, { 'retry-after': '3' }), idle, 'speech')).toMatchObject({ kind: 'unavailable', retryAfterMs: 3000 });
    const own = new ProviderError('refused', 'no');
    expect(toProviderError(own, idle, 'speech')).toBe(own);
  });

  it('gives back the signal’s reason once the caller aborted, whatever the SDK threw', () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    controller.abort(reason);
    expect(toProviderError(apiError(500, null), controller.signal, 'speech')).toBe(reason);
  });
});
