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

  it('chooses plural forms by the locale’s rules, with # as the number', () => {
    const en = '{count, plural, one {# change} other {# changes}} waiting';
    expect(format(en, { count: 1 })).toBe('1 change waiting');
    expect(format(en, { count: 0 })).toBe('0 changes waiting');
    expect(format(en, { count: 21 })).toBe('21 changes waiting');
    const ru = '{count, plural, one {# изменение} few {# изменения} many {# изменений} other {# изменения}}';
    expect([1, 2, 5, 11, 21, 22, 25, 101].map((count) => format(ru, { count }, 'ru'))).toEqual([
      '1 изменение',
      '2 изменения',
      '5 изменений',
      '11 изменений',
      '21 изменение',
      '22 изменения',
      '25 изменений',
      '101 изменение',
    ]);
    // A missing form falls back to `other`; a non-number or unknown parameter stays visible.
    expect(format('{n, plural, other {# items}}', { n: 1 })).toBe('1 items');
    expect(format('{n, plural, one {# item} other {# items}}', { n: 'x' })).toBe('{n, plural, one {# item} other {# items}}');
    expect(format('{n, plural, one {# item} other {# items}} and {m}', {})).toBe('{n, plural, one {# item} other {# items}} and {m}');
  });

  it('translates in its locale, and English fallbacks in English', () => {
    const t = createTranslator({ a: '{count, plural, one {# правка} few {# правки} many {# правок} other {# правки}}' }, { b: '{count, plural, one {# edit} other {# edits}}' }, 'ru');
    expect(t('a', { count: 3 })).toBe('3 правки');
    expect(t('b', { count: 3 })).toBe('3 edits');
  });

  it('falls back to English, then to the key', () => {
    const t = createTranslator({ a: 'А' }, { a: 'A', b: 'B' });
    expect(t('a')).toBe('А');
    expect(t('b')).toBe('B');
    expect(t('c')).toBe('c');
  });
});
