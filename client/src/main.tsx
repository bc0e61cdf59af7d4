// Composition root: reads the Telegram launch, cleans the URL, wires session, API client and
// service worker, and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api';
import { features } from './features';
import { App } from './shell/App';
import { createErrorReporter, reportUncaughtErrors } from './shell/error-reporting';
import { registerServiceWorker } from './shell/pwa';
import { SessionManager } from './shell/session';
import { applyTelegramChrome, injectedWebApp, readTelegramLaunch, withoutLaunchParams } from './shell/telegram';
import './shell/shell.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain <div id="root">');

const telegram = readTelegramLaunch(window.location, injectedWebApp(window));
// initData must not stay in the address bar, history or a shared link.
const clean = withoutLaunchParams(new URL(window.location.href));
if (clean.href !== window.location.href) window.history.replaceState(null, '', clean);
// A `startapp=<code>` link opens the invite flow.
if (telegram.startParam !== undefined && window.location.pathname === '/') {
  window.history.replaceState(null, '', `/join/${encodeURIComponent(telegram.startParam)}`);
}
applyTelegramChrome(telegram, document.documentElement);

const storage = window.localStorage;
const sessions: SessionManager = new SessionManager({ storage, refresh: (token) => api.refresh(token) });
const api: ApiClient = new ApiClient({
  getToken: () => sessions.getToken(),
  onUnauthorized: () => {
    sessions.expire();
  },
});
const updates = registerServiceWorker({ enabled: import.meta.env.PROD });
const reportError = createErrorReporter({ send: (report) => api.reportClientError(report) });
reportUncaughtErrors(reportError);

createRoot(container).render(
  <StrictMode>
    <App
      api={api}
      sessions={sessions}
      telegram={telegram}
      updates={updates}
      storage={storage}
      features={features}
      reportError={reportError}
    />
  </StrictMode>,
);
