import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../api';
import { AuthGate } from './AuthGate';
import { CampaignDirectory, CampaignDirectoryContext } from './campaign-directory';
import { CampaignView } from './CampaignView';
import { ErrorBoundary } from './ErrorBoundary';
import type { CampaignManifest } from './CampaignView';
import type { AppFeatureProps, FeatureManifest, Session } from './feature';
import { detectLocale, I18nProvider, LOCALE_STORAGE_KEY, useT } from './i18n';
import type { Locale } from './i18n';
import { Layout } from './Layout';
import type { NavItem } from './Layout';
import { LazyFeature } from './LazyFeature';
import { NotFound } from './NotFound';
import type { UpdateStore } from './pwa';
import { findRoute, matchPath, pathFor, usePathname } from './router';
import type { KeyValueStorage, SessionManager, StoredSession } from './session';
import { ShellContext } from './shell-context';
import type { TelegramLaunch } from './telegram';
import { UpdatePrompt } from './UpdatePrompt';
import { useClientServices } from './use-client-services';

export interface AppProps {
  readonly api: ApiClient;
  readonly sessions: SessionManager;
  readonly telegram: TelegramLaunch;
  readonly updates: UpdateStore;
  readonly storage: KeyValueStorage;
  readonly features: readonly FeatureManifest[];
  readonly reportError: (error: unknown) => void;
}

type AppManifest = Extract<FeatureManifest, { scope: 'app' }>;

/** The app: language, sign-in, and — once signed in — the routed features. */
export function App({ api, sessions, telegram, updates, storage, features, reportError }: AppProps) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    detectLocale({
      stored: storage.getItem(LOCALE_STORAGE_KEY),
      telegramLanguage: telegram.languageCode,
      browserLanguages: navigator.languages,
    }),
  );
  const setLocale = useCallback(
    (next: Locale) => {
      storage.setItem(LOCALE_STORAGE_KEY, next);
      setLocaleState(next);
    },
    [storage],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const subscribe = useCallback((listener: () => void) => sessions.subscribe(listener), [sessions]);
  const session = useSyncExternalStore(subscribe, () => sessions.current());

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) void sessions.refreshIfDue();
    };
    window.addEventListener('focus', refresh);
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.removeEventListener('focus', refresh);
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [sessions]);

  const shell = useMemo(() => ({ telegram, sessions, reportError }), [telegram, sessions, reportError]);

  return (
    <ShellContext.Provider value={shell}>
      <I18nProvider locale={locale} setLocale={setLocale} manifests={features}>
        <ErrorBoundary fallback={(retry) => <CrashNotice retry={retry} />} onError={reportError}>
          {session === null ? (
            <Layout banner={<UpdatePrompt updates={updates} />}>
              <AuthGate api={api} sessions={sessions} telegram={telegram} />
            </Layout>
          ) : (
            <SignedIn
              key={session.user.id}
              user={session.user}
              api={api}
              sessions={sessions}
              storage={storage}
              updates={updates}
              features={features}
            />
          )}
        </ErrorBoundary>
      </I18nProvider>
    </ShellContext.Provider>
  );
}

function CrashNotice({ retry }: { readonly retry: () => void }) {
  const t = useT();
  return (
    <div className="shell-message" role="alert">
      <p>{t('shell.crashed')}</p>
      <button type="button" onClick={retry}>
        {t('shell.retry')}
      </button>
    </div>
  );
}

interface SignedInProps {
  readonly user: StoredSession['user'];
  readonly api: ApiClient;
  readonly sessions: SessionManager;
  readonly storage: KeyValueStorage;
  readonly updates: UpdateStore;
  readonly features: readonly FeatureManifest[];
}

function SignedIn({ user, api, sessions, storage, updates, features }: SignedInProps) {
  const t = useT();
  const services = useClientServices(api, sessions);
  const directory = useMemo(() => new CampaignDirectory({ api, storage, userId: user.id }), [api, storage, user.id]);
  useEffect(() => {
    void directory.refresh();
    const refresh = () => {
      void directory.refresh();
    };
    window.addEventListener('online', refresh);
    return () => {
      window.removeEventListener('online', refresh);
    };
  }, [directory]);

  const appFeatures = useMemo(() => features.filter((f): f is AppManifest => f.scope === 'app'), [features]);
  const campaignFeatures = useMemo(() => features.filter((f): f is CampaignManifest => f.scope === 'campaign'), [features]);
  const nav: NavItem[] = appFeatures
    .filter((f) => f.navLabel !== undefined && !f.path.includes(':'))
    .map((f) => ({ to: pathFor(f.path), label: t(f.navLabel ?? f.id) }));

  const pathname = usePathname();
  const session: Session = useMemo(() => ({ userId: user.id, name: user.name }), [user.id, user.name]);
  const signOut = useCallback(() => {
    const token = sessions.current()?.token;
    sessions.signOut();
    // The device forgets the token at once; telling the relay is best effort (it may be offline).
    if (token !== undefined) api.logout(token).catch(() => undefined);
  }, [api, sessions]);

  let content;
  if (services === null) {
    content = <p aria-busy="true">{t('shell.starting')}</p>;
  } else {
    const inCampaign = matchPath('campaigns/:campaignId/:tab', pathname) ?? matchPath('campaigns/:campaignId', pathname);
    const appRoute = inCampaign === null ? findRoute(appFeatures, pathname) : null;
    if (inCampaign !== null) {
      const campaignId = inCampaign.campaignId ?? '';
      content = (
        <CampaignView
          key={campaignId}
          campaignId={campaignId}
          tab={inCampaign.tab}
          session={session}
          services={services}
          features={campaignFeatures}
        />
      );
    } else if (appRoute !== null) {
      const props: AppFeatureProps = { session, services, params: appRoute.params };
      content = <LazyFeature key={appRoute.route.id} load={appRoute.route.load} props={props} />;
    } else {
      content = <NotFound />;
    }
  }

  return (
    <CampaignDirectoryContext.Provider value={directory}>
      <Layout nav={nav} user={{ name: user.name, onSignOut: signOut }} banner={<UpdatePrompt updates={updates} />}>
        {content}
      </Layout>
    </CampaignDirectoryContext.Provider>
  );
}
