/**
 * Telegram Mini App integration without Telegram's script (nothing is loaded from third parties):
 * launch parameters are parsed from the URL ourselves, and `window.Telegram.WebApp` is used when
 * the host injected it.
 */

/** The subset of Telegram's WebApp object the shell uses; every member is optional on purpose. */
export interface TelegramWebApp {
  readonly initData?: string;
  readonly initDataUnsafe?: { readonly start_param?: string; readonly user?: { readonly language_code?: string } };
  readonly themeParams?: ThemeParams;
  readonly safeAreaInset?: Insets;
  readonly contentSafeAreaInset?: Insets;
  ready?(): void;
  expand?(): void;
  onEvent?(event: string, handler: () => void): void;
  offEvent?(event: string, handler: () => void): void;
  readonly BackButton?: {
    show(): void;
    hide(): void;
    onClick(handler: () => void): void;
    offClick(handler: () => void): void;
  };
}

export type ThemeParams = Readonly<Partial<Record<string, string>>>;
export interface Insets {
  readonly top?: number;
  readonly bottom?: number;
  readonly left?: number;
  readonly right?: number;
}

/** What the app learned from Telegram at launch. `initData` lives in memory only, never stored. */
export interface TelegramLaunch {
  readonly webApp: TelegramWebApp | undefined;
  readonly initData: string | undefined;
  readonly startParam: string | undefined;
  readonly languageCode: string | undefined;
  readonly themeParams: ThemeParams | undefined;
}

const LAUNCH_PARAM_PREFIX = 'tgWebApp';

function paramsOf(fragment: string): URLSearchParams {
  return new URLSearchParams(fragment.replace(/^[#?]/, ''));
}

function parseJson(raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): ThemeParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function languageFromInitData(initData: string | undefined): string | undefined {
  if (initData === undefined) return undefined;
  const user = parseJson(new URLSearchParams(initData).get('user'));
  if (typeof user !== 'object' || user === null || !('language_code' in user)) return undefined;
  return typeof user.language_code === 'string' ? user.language_code : undefined;
}

/**
 * Reads the launch: `window.Telegram.WebApp` when present, else the `tgWebApp*` parameters
 * Telegram puts in the URL hash (or search): `tgWebAppData` (initData), `tgWebAppStartParam`,
 * `tgWebAppThemeParams`. Outside Telegram every field is undefined.
 */
export function readTelegramLaunch(location: Pick<Location, 'hash' | 'search'>, webApp: TelegramWebApp | undefined): TelegramLaunch {
  const hash = paramsOf(location.hash);
  const search = paramsOf(location.search);
  const param = (name: string) => hash.get(name) ?? search.get(name) ?? undefined;

  const initData = nonEmpty(webApp?.initData) ?? nonEmpty(param('tgWebAppData'));
  const initParams = initData === undefined ? undefined : new URLSearchParams(initData);
  const startParam =
    nonEmpty(webApp?.initDataUnsafe?.start_param) ??
    nonEmpty(initParams?.get('start_param') ?? undefined) ??
    nonEmpty(param('tgWebAppStartParam'));
  const languageCode = webApp?.initDataUnsafe?.user?.language_code ?? languageFromInitData(initData);
  const themeParams = webApp?.themeParams ?? stringRecord(parseJson(param('tgWebAppThemeParams')));
  return { webApp, initData, startParam, languageCode, themeParams };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The URL without Telegram's launch parameters (so initData does not linger in history or get shared). */
export function withoutLaunchParams(url: URL): URL {
  const clean = new URL(url.href);
  const strip = (params: URLSearchParams) => {
    for (const key of [...params.keys()]) if (key.startsWith(LAUNCH_PARAM_PREFIX)) params.delete(key);
    return params.toString();
  };
  clean.search = strip(new URLSearchParams(clean.search));
  const hash = clean.hash.replace(/^#/, '');
  // Only rewrite a hash that is a parameter list; a plain '#section' stays.
  if (hash.includes('=')) {
    const rest = strip(new URLSearchParams(hash));
    clean.hash = rest === '' ? '' : `#${rest}`;
  }
  return clean;
}

/** Telegram theme parameter → the CSS variable features style with. */
export const themeVariables: Readonly<Record<string, string>> = {
  bg_color: '--tg-bg',
  text_color: '--tg-text',
  hint_color: '--tg-hint',
  link_color: '--tg-link',
  button_color: '--tg-button',
  button_text_color: '--tg-button-text',
  secondary_bg_color: '--tg-secondary-bg',
};

const COLOR = /^#[0-9a-f]{3,8}$/i;

/** CSS variable assignments for the theme params that are valid colours (unknown/invalid ones are skipped). */
export function themeToCss(theme: ThemeParams | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (theme === undefined) return out;
  for (const [param, variable] of Object.entries(themeVariables)) {
    const value = theme[param];
    if (value !== undefined && COLOR.test(value)) out[variable] = value;
  }
  return out;
}

/** Applies the theme and Telegram's safe-area insets to the document, and keeps them current. */
export function applyTelegramChrome(launch: TelegramLaunch, root: HTMLElement): () => void {
  const { webApp } = launch;
  const applyTheme = (theme: ThemeParams | undefined) => {
    for (const [variable, value] of Object.entries(themeToCss(theme))) root.style.setProperty(variable, value);
    if (theme !== undefined) root.dataset.telegramTheme = 'on';
  };
  const applyInsets = () => {
    const insets = [webApp?.safeAreaInset, webApp?.contentSafeAreaInset];
    for (const side of ['top', 'bottom', 'left', 'right'] as const) {
      const total = insets.reduce((sum, inset) => sum + (inset?.[side] ?? 0), 0);
      if (webApp !== undefined) root.style.setProperty(`--tg-safe-${side}`, `${String(total)}px`);
    }
  };
  applyTheme(launch.themeParams);
  applyInsets();
  if (webApp === undefined) return () => undefined;

  const onTheme = () => {
    applyTheme(webApp.themeParams);
  };
  webApp.onEvent?.('themeChanged', onTheme);
  webApp.onEvent?.('safeAreaChanged', applyInsets);
  webApp.onEvent?.('contentSafeAreaChanged', applyInsets);
  webApp.ready?.();
  webApp.expand?.();
  return () => {
    webApp.offEvent?.('themeChanged', onTheme);
    webApp.offEvent?.('safeAreaChanged', applyInsets);
    webApp.offEvent?.('contentSafeAreaChanged', applyInsets);
  };
}

/** `window.Telegram.WebApp` if the host injected it. */
export function injectedWebApp(host: unknown): TelegramWebApp | undefined {
  if (typeof host !== 'object' || host === null || !('Telegram' in host)) return undefined;
  const telegram: unknown = host.Telegram;
  if (typeof telegram !== 'object' || telegram === null || !('WebApp' in telegram)) return undefined;
  const webApp: unknown = telegram.WebApp;
  return typeof webApp === 'object' && webApp !== null ? webApp : undefined;
}
