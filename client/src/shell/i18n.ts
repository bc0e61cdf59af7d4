import { createContext, createElement, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { FeatureManifest, Messages } from './feature';
import { shellMessages } from './messages';

export type Locale = 'en' | 'ru';
export const locales: readonly Locale[] = ['en', 'ru'];
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export const LOCALE_STORAGE_KEY = 'rpg-bot.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ru';
}

/** 'ru-RU' → 'ru'; anything we do not speak → undefined. */
function localeOf(tag: string | undefined): Locale | undefined {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : undefined;
}

/** The user's choice if remembered, else Telegram's `language_code`, else the browser's languages, else English. */
export function detectLocale(sources: {
  readonly stored?: string | null;
  readonly telegramLanguage?: string | undefined;
  readonly browserLanguages?: readonly string[];
}): Locale {
  if (isLocale(sources.stored)) return sources.stored;
  const fromTelegram = localeOf(sources.telegramLanguage);
  if (fromTelegram !== undefined) return fromTelegram;
  for (const tag of sources.browserLanguages ?? []) {
    const locale = localeOf(tag);
    if (locale !== undefined) return locale;
  }
  return 'en';
}

/** Replaces `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The shell's messages plus every feature's, for one locale. */
export function mergeMessages(locale: Locale, manifests: readonly FeatureManifest[]): Messages {
  const merged: Record<string, string> = { ...shellMessages[locale] };
  for (const manifest of manifests) Object.assign(merged, manifest.messages[locale]);
  return merged;
}

/** A translator over `messages`, falling back to English, then to the key itself. */
export function createTranslator(messages: Messages, fallback: Messages): Translate {
  return (key, params) => format(messages[key] ?? fallback[key] ?? key, params);
}

interface I18nValue {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly t: Translate;
}

const I18nContext = createContext<I18nValue>({
  locale: 'en',
  setLocale: () => undefined,
  t: createTranslator(shellMessages.en, shellMessages.en),
});

export interface I18nProviderProps {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly manifests: readonly FeatureManifest[];
  readonly children?: ReactNode;
}

export function I18nProvider({ locale, setLocale, manifests, children }: I18nProviderProps) {
  const value = useMemo(
    () => ({ locale, setLocale, t: createTranslator(mergeMessages(locale, manifests), mergeMessages('en', manifests)) }),
    [locale, setLocale, manifests],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

/** The translator for the current language: `t('notes.title')`, `t('campaigns.count', { count: 3 })`. */
export function useT(): Translate {
  return useContext(I18nContext).t;
}

/** The current language ('en' | 'ru'), e.g. for `toLocaleString`. */
export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}

/** Switches the language (remembered by the shell). */
export function useSetLocale(): (locale: Locale) => void {
  return useContext(I18nContext).setLocale;
}
