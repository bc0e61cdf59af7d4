import { useEffect, useState } from 'react';
import type { DocHandle, DocStore } from '../../data';

export type DocHandleState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly handle: DocHandle }
  | { readonly status: 'error'; readonly error: unknown };

type Loaded = { readonly docId: string } & ({ readonly handle: DocHandle } | { readonly error: unknown });

/**
 * Opens `docId` from the local store while the component is mounted and releases it afterwards
 * (the store is ref-counted, so StrictMode's double mount is harmless). `ready` once the local
 * IndexedDB state is applied — that works offline. `null` opens nothing.
 */
export function useDocHandle(docs: DocStore, docId: string | null): DocHandleState {
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (docId === null) return undefined;
    const handle = docs.open(docId);
    let active = true;
    handle.whenLoaded.then(
      () => {
        if (active) setLoaded({ docId, handle });
      },
      (error: unknown) => {
        if (active) setLoaded({ docId, error });
      },
    );
    return () => {
      active = false;
      handle.release();
    };
  }, [docs, docId]);

  if (docId === null || loaded?.docId !== docId) return { status: 'loading' };
  return 'handle' in loaded ? { status: 'ready', handle: loaded.handle } : { status: 'error', error: loaded.error };
}
