import type { Job } from '@rpg-bot/contracts';
import { describe, expect, it } from 'vitest';
import type { MediaEntry } from '../../data';
import { canCancel, formatDuration, statusLine } from './media-status';

const job = (status: Job['status'], extra: Partial<Job> = {}): Job => ({
  id: 'j',
  type: 'avatar',
  campaignId: 'c',
  createdBy: 'u1',
  status,
  progress: 0,
  attempts: 1,
  maxAttempts: 3,
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
  payload: {},
  ...extra,
});
const entry = (status: MediaEntry['status'], extra: Partial<MediaEntry> = {}): MediaEntry => ({
  key: 'k',
  type: 'avatar',
  status,
  label: 'x',
  createdAt: '2026-12-07T10:00:00.000Z',
  ...extra,
});

describe('media status', () => {
  it('says a request waits on the device, and whether it waits for the network', () => {
    expect(statusLine(entry('device'), false).key).toBe('media.status.device');
    expect(statusLine(entry('device'), true).key).toBe('media.status.sending');
  });

  it('reports progress, failure reasons and refusals from what the server said', () => {
    expect(statusLine(entry('running', { job: job('running', { progress: 0.42 }) }), true)).toMatchObject({
      key: 'media.status.runningProgress',
      values: { percent: 42 },
    });
    expect(statusLine(entry('running', { job: job('running') }), true).key).toBe('media.status.running');
    expect(statusLine(entry('failed', { job: job('failed', { attempts: 3, error: { code: 'provider_timeout', message: 'slow' } }) }), true)).toMatchObject({
      key: 'media.status.failed',
      values: { attempts: 3 },
      reasonKey: 'media.error.provider_timeout',
    });
    expect(statusLine(entry('refused', { refusedCode: 'forbidden' }), true).reasonKey).toBe('error.forbidden');
  });

  it('lets the creator or the GM cancel unfinished jobs, and anyone discard a request still on the device', () => {
    expect(canCancel(entry('device'), 'u2', false)).toBe(true);
    expect(canCancel(entry('queued', { job: job('queued') }), 'u1', false)).toBe(true);
    expect(canCancel(entry('queued', { job: job('queued') }), 'u2', false)).toBe(false);
    expect(canCancel(entry('running', { job: job('running') }), 'u2', true)).toBe(true);
    expect(canCancel(entry('succeeded', { job: job('succeeded') }), 'u1', true)).toBe(false);
  });

  it('formats durations as players show them', () => {
    expect(formatDuration(2600)).toBe('0:02');
    expect(formatDuration(65_000)).toBe('1:05');
  });
});
