import { lazy, Suspense, useContext, useState } from 'react';
import type { ComponentType } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { useT } from './i18n';
import { ShellContext } from './shell-context';

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

export interface LazyFeatureProps<P> {
  readonly load: Loader<P>;
  readonly props: P;
}

/** Loads a feature's component on demand, with a loading state and a retryable error state. */
export function LazyFeature<P extends object>({ load, props }: LazyFeatureProps<P>) {
  const t = useT();
  const reportError = useContext(ShellContext)?.reportError;
  // The parent keys this component by feature, so `load` is fixed for its lifetime. A retry makes a
  // new lazy component: React.lazy remembers a failed import.
  const [{ Feature, attempt }, setLoaded] = useState(() => ({ Feature: lazy(load), attempt: 0 }));
  return (
    <ErrorBoundary
      key={attempt}
      fallback={() => (
        <div className="shell-message" role="alert">
          <p>{t('shell.loadFailed')}</p>
          <button
            type="button"
            onClick={() => {
              setLoaded((previous) => ({ Feature: lazy(load), attempt: previous.attempt + 1 }));
            }}
          >
            {t('shell.retry')}
          </button>
        </div>
      )}
      onError={(error) => {
        console.error('feature failed', error);
        reportError?.(error);
      }}
    >
      <Suspense
        fallback={
          <p className="shell-loading" aria-busy="true">
            {t('shell.loading')}
          </p>
        }
      >
        <Feature {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
