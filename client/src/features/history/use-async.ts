import { useEffect, useEffectEvent, useState } from 'react';

export type AsyncState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown };

type Settled<T> = { readonly key: string } & ({ readonly value: T } | { readonly error: unknown });

/**
 * Runs `load` whenever `key` changes (the key names everything `load` depends on) and keeps only
 * the answer for the current key, so a slow answer for an older key never shows. `null` loads
 * nothing.
 */
export function useAsync<T>(key: string | null, load: () => Promise<T>): AsyncState<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const run = useEffectEvent(load);

  useEffect(() => {
    if (key === null) return undefined;
    let current = true;
    run().then(
      (value) => {
        if (current) setSettled({ key, value });
      },
      (error: unknown) => {
        if (current) setSettled({ key, error });
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  if (key === null || settled?.key !== key) return { status: 'loading' };
  return 'value' in settled ? { status: 'done', value: settled.value } : { status: 'error', error: settled.error };
}
