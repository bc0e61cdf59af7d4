import type { MediaEntry } from '../../data';

export type StatusTone = 'pending' | 'active' | 'ok' | 'error' | 'muted';

export interface StatusLine {
  /** Message key under `media.status.*` (or the shell's `error.*` for refusals). */
  readonly key: string;
  readonly values: Readonly<Record<string, string | number>>;
  readonly tone: StatusTone;
  /** The reason, as a message key, when it failed or was refused. */
  readonly reasonKey?: string;
}

/**
 * What the library says about an entry — only what the device knows: a request not yet accepted
 * is "on this device" (and says whether it waits for the network), a job is what the server last said.
 */
export function statusLine(entry: MediaEntry, online: boolean): StatusLine {
  switch (entry.status) {
    case 'device':
      return { key: online ? 'media.status.sending' : 'media.status.device', values: {}, tone: 'pending' };
    case 'refused':
      return { key: 'media.status.refused', values: {}, tone: 'error', reasonKey: `error.${entry.refusedCode ?? 'unknown'}` };
    case 'queued':
      return { key: 'media.status.queued', values: {}, tone: 'pending' };
    case 'running': {
      const progress = entry.job?.progress ?? 0;
      return progress > 0
        ? { key: 'media.status.runningProgress', values: { percent: Math.round(progress * 100) }, tone: 'active' }
        : { key: 'media.status.running', values: {}, tone: 'active' };
    }
    case 'succeeded':
      return { key: 'media.status.ready', values: {}, tone: 'ok' };
    case 'cancelled':
      return { key: 'media.status.cancelled', values: {}, tone: 'muted' };
    case 'failed': {
      const attempts = entry.job?.attempts ?? 1;
      return {
        key: 'media.status.failed',
        values: { attempts },
        tone: 'error',
        reasonKey: `media.error.${entry.job?.error?.code ?? 'provider_failed'}`,
      };
    }
  }
}

/** Whether the entry can still be stopped: a request on the device, or a job not finished. */
export function canCancel(entry: MediaEntry, userId: string, isGm: boolean): boolean {
  if (entry.status === 'device') return true;
  if (entry.status !== 'queued' && entry.status !== 'running') return false;
  return isGm || entry.job?.createdBy === userId;
}

/** "1:05" for 65,000 ms; whole seconds cut down, as audio players show them. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`;
}
