import { useSyncExternalStore } from 'react';

/** Whether a new app version waits, and how to switch to it. */
export interface UpdateStore {
  readonly subscribe: (listener: () => void) => () => void;
  readonly waiting: () => boolean;
  /** Activates the waiting service worker; the page reloads once it controls. */
  readonly apply: () => void;
  readonly dismiss: () => void;
}

export interface RegisterOptions {
  /** Only production builds have a service worker (the dev server serves none). */
  readonly enabled: boolean;
  readonly scriptUrl?: string;
}

/**
 * Registers the service worker with workbox-window and reports when a new version waits. The SW
 * is built with `registerType: 'prompt'`: a new version takes over only when the user agrees, so
 * nobody is reloaded in the middle of typing notes.
 */
export function registerServiceWorker(options: RegisterOptions): UpdateStore {
  const listeners = new Set<() => void>();
  let waiting = false;
  let activate: (() => void) | undefined;
  const setWaiting = (value: boolean) => {
    waiting = value;
    for (const listener of [...listeners]) listener();
  };

  if (options.enabled && 'serviceWorker' in navigator) {
    void import('workbox-window')
      .then(async ({ Workbox }) => {
        const wb = new Workbox(options.scriptUrl ?? '/sw.js', { scope: '/' });
        wb.addEventListener('waiting', () => {
          setWaiting(true);
        });
        activate = () => {
          wb.addEventListener('controlling', () => {
            window.location.reload();
          });
          wb.messageSkipWaiting();
        };
        await wb.register();
      })
      .catch((error: unknown) => {
        // No service worker means no offline start, but the app itself works.
        console.warn('service worker registration failed', error);
      });
  }

  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    waiting: () => waiting,
    apply: () => {
      activate?.();
    },
    dismiss: () => {
      setWaiting(false);
    },
  };
}

export function useUpdateWaiting(store: UpdateStore): boolean {
  return useSyncExternalStore(store.subscribe, store.waiting);
}
