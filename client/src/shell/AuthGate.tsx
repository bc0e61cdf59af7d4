import { useEffect, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { ApiClient } from '../api';
import { errorMessageKey, isApiError } from '../api';
import { useT } from './i18n';
import type { SessionManager } from './session';
import type { TelegramLaunch } from './telegram';

type Mode =
  | { readonly kind: 'checking' }
  | { readonly kind: 'telegram' }
  | { readonly kind: 'dev' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'failed'; readonly error: unknown; readonly retry: () => void };

export interface AuthGateProps {
  readonly api: ApiClient;
  readonly sessions: SessionManager;
  readonly telegram: TelegramLaunch;
}

/**
 * Sign-in when there is no session. Inside Telegram the launch's initData is exchanged once for a
 * session (and only ever held in memory); in a browser the development login is offered when the
 * server has it on. A stored session (even expired) never reaches this screen: the app opens
 * offline with it, and only the server's 401 brings the user back here, local data untouched.
 */
export function AuthGate({ api, sessions, telegram }: AuthGateProps) {
  const t = useT();
  const insideLaunch = telegram.initData !== undefined;
  const [mode, setMode] = useState<Mode>({ kind: insideLaunch ? 'telegram' : 'checking' });
  const [attempt, setAttempt] = useState(0);
  const exchanged = useRef(-1);
  const reason = sessions.signedOutReason();

  useEffect(() => {
    const retry = () => {
      setMode({ kind: insideLaunch ? 'telegram' : 'checking' });
      setAttempt((n) => n + 1);
    };
    const initData = telegram.initData;
    if (initData !== undefined) {
      // Exchange once per attempt, also under StrictMode's doubled effects.
      if (exchanged.current === attempt) return;
      exchanged.current = attempt;
      api.telegramLogin(initData).then(
        (session) => {
          sessions.signIn(session);
        },
        (error: unknown) => {
          setMode({ kind: 'failed', error, retry });
        },
      );
      return;
    }
    let current = true;
    api.devLoginAvailable().then(
      (available) => {
        if (current) setMode({ kind: available ? 'dev' : 'unavailable' });
      },
      (error: unknown) => {
        if (current) setMode({ kind: 'failed', error, retry });
      },
    );
    return () => {
      current = false;
    };
  }, [api, sessions, telegram.initData, insideLaunch, attempt]);

  return (
    <section className="auth-gate" aria-labelledby="auth-title">
      <h1 id="auth-title">{t('auth.title')}</h1>
      <p className="auth-gate__intro">{t('auth.intro')}</p>
      {reason === 'expired' && <p className="shell-notice">{t('auth.expired')}</p>}
      {reason === 'signed_out' && <p className="shell-notice">{t('auth.signedOut')}</p>}
      <AuthBody
        mode={mode}
        api={api}
        sessions={sessions}
        insideTelegram={telegram.webApp !== undefined || telegram.initData !== undefined}
      />
    </section>
  );
}

function AuthBody({
  mode,
  api,
  sessions,
  insideTelegram,
}: {
  mode: Mode;
  api: ApiClient;
  sessions: SessionManager;
  insideTelegram: boolean;
}) {
  const t = useT();
  switch (mode.kind) {
    case 'checking':
      return <p aria-busy="true">{t('auth.checking')}</p>;
    case 'telegram':
      return <p aria-busy="true">{t('auth.telegramSigningIn')}</p>;
    case 'dev':
      return <DevLoginForm api={api} sessions={sessions} />;
    case 'unavailable':
      return <p>{insideTelegram ? t('auth.reopenTelegram') : t('auth.unavailable')}</p>;
    case 'failed': {
      const expiredTelegram = insideTelegram && isApiError(mode.error) && mode.error.code === 'unauthorized';
      return (
        <div role="alert">
          <p>{t('auth.failed', { message: t(errorMessageKey(mode.error)) })}</p>
          {expiredTelegram ? (
            <p>{t('auth.reopenTelegram')}</p>
          ) : (
            <button type="button" onClick={mode.retry}>
              {t('auth.retry')}
            </button>
          )}
        </div>
      );
    }
  }
}

function DevLoginForm({ api, sessions }: { api: ApiClient; sessions: SessionManager }) {
  const t = useT();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '' || busy) return;
    setBusy(true);
    setError(null);
    api.devLogin(trimmed).then(
      (session) => {
        sessions.signIn(session);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <form className="auth-gate__form" onSubmit={submit}>
      <p className="auth-gate__notice">{t('auth.devNotice')}</p>
      <label htmlFor="dev-login-name">{t('auth.devName')}</label>
      <input
        id="dev-login-name"
        name="name"
        autoComplete="nickname"
        required
        maxLength={64}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
        }}
      />
      <button type="submit" disabled={busy}>
        {busy ? t('auth.devSigningIn') : t('auth.devSubmit')}
      </button>
      {error !== null && (
        <p role="alert" className="form-error">
          {t('auth.failed', { message: t(errorMessageKey(error)) })}
        </p>
      )}
    </form>
  );
}
