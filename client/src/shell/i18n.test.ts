import { describe, expect, it } from 'vitest';
import { errorMessageKeys } from '../api';
import { features } from '../features';
import { createTranslator, detectLocale, format, mergeMessages } from './i18n';
import { shellMessages } from './messages';

const keys = (messages: Readonly<Record<string, string>>) => Object.keys(messages).sort();

describe('messages', () => {
  it('the shell has the same keys in English and Russian', () => {
    expect(keys(shellMessages.ru)).toEqual(keys(shellMessages.en));
  });

  it.each(features.map((feature) => [feature.id, feature] as const))(
    'feature %s has the same keys in English and Russian',
    (_id, feature) => {
      expect(keys(feature.messages.ru)).toEqual(keys(feature.messages.en));
    },
  );

  it('every feature key is prefixed with its feature id (or its folder’s main id) and no key is empty', () => {
    for (const feature of features) {
      for (const locale of ['en', 'ru'] as const) {
        for (const [key, text] of Object.entries(feature.messages[locale])) {
          expect(key, `${feature.id}: ${key}`).toMatch(new RegExp(`^${feature.id.split('-')[0] ?? feature.id}[.-]`));
          expect(text.trim(), `${feature.id}: ${key} (${locale})`).not.toBe('');
        }
      }
    }
  });

  it('every nav label and every API error code has a message in both languages', () => {
    const merged = { en: mergeMessages('en', features), ru: mergeMessages('ru', features) };
    const needed = [...errorMessageKeys, ...features.flatMap((feature) => (feature.navLabel === undefined ? [] : [feature.navLabel]))];
    for (const key of needed) {
      expect(merged.en[key], key).toBeDefined();
      expect(merged.ru[key], key).toBeDefined();
    }
  });

  it('placeholders are the same in both languages', () => {
    const merged = { en: mergeMessages('en', features), ru: mergeMessages('ru', features) };
    const placeholders = (text: string | undefined) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(merged.en)) expect(placeholders(merged.ru[key]), key).toEqual(placeholders(merged.en[key]));
  });
});

describe('detectLocale', () => {
  it('prefers the remembered choice, then Telegram, then the browser, then English', () => {
    expect(detectLocale({ stored: 'en', telegramLanguage: 'ru', browserLanguages: ['ru-RU'] })).toBe('en');
    expect(detectLocale({ stored: null, telegramLanguage: 'ru', browserLanguages: ['en-US'] })).toBe('ru');
    expect(detectLocale({ telegramLanguage: 'de', browserLanguages: ['de-DE', 'ru-RU', 'en'] })).toBe('ru');
    expect(detectLocale({ stored: 'fr', browserLanguages: ['ja'] })).toBe('en');
  });
});

describe('format and createTranslator', () => {
  it('fills {name} placeholders and keeps unknown ones visible', () => {
    expect(format('Hello {name}, {count} new', { name: 'Ada', count: 3 })).toBe('Hello Ada, 3 new');
    expect(format('Hello {name}', {})).toBe('Hello {name}');
  });

  it('falls back to English, then to the key', () => {
    const t = createTranslator({ a: 'А' }, { a: 'A', b: 'B' });
    expect(t('a')).toBe('А');
    expect(t('b')).toBe('B');
    expect(t('c')).toBe('c');
  });
});
