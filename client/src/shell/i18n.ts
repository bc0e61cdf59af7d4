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

/** `{count, plural, one {# change} other {# changes}}`: the option texts hold no braces. */
const PLURAL = /\{(\w+),\s*plural,((?:\s*[a-z]+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_OPTION = /([a-z]+)\s*\{([^{}]*)\}/g;

/**
 * Replaces `{name}` placeholders, and chooses plural forms by the locale's rules (`Intl.PluralRules`:
 * English has one/other, Russian one/few/many/other) in `{count, plural, one {# …} other {# …}}`,
 * where `#` is the number. An unknown placeholder stays visible rather than vanishing; a form the
 * message lacks falls back to `other`.
 */
export function format(template: string, params?: Record<string, string | number>, locale: Locale = 'en'): string {
  if (params === undefined) return template;
  const plurals = template.replace(PLURAL, (whole, name: string, options: string) => {
    const value = params[name];
    if (typeof value !== 'number') return whole;
    const forms = new Map([...options.matchAll(PLURAL_OPTION)].map((match) => [match[1] ?? '', match[2] ?? '']));
    const form = forms.get(new Intl.PluralRules(locale).select(value)) ?? forms.get('other');
    return form === undefined ? whole : form.replaceAll('#', String(value));
  });
  return plurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
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

/** A translator over `messages` in `locale`, falling back to English, then to the key itself. */
export function createTranslator(messages: Messages, fallback: Messages, locale: Locale = 'en'): Translate {
  return (key, params) => {
    const own = messages[key];
    return own !== undefined ? format(own, params, locale) : format(fallback[key] ?? key, params, 'en');
  };
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
    () => ({ locale, setLocale, t: createTranslator(mergeMessages(locale, manifests), mergeMessages('en', manifests), locale) }),
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
