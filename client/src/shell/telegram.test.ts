import { describe, expect, it } from 'vitest';
import { injectedWebApp, readTelegramLaunch, themeToCss, withoutLaunchParams } from './telegram';

const initData = new URLSearchParams({
  query_id: 'AAH',
  user: JSON.stringify({ id: 42, first_name: 'Ada', language_code: 'ru' }),
  auth_date: '1764000000',
  start_param: 'INVITECODE',
  hash: 'c0ffee',
}).toString();

describe('readTelegramLaunch', () => {
  it('reads initData, start_param, language and theme from the URL hash', () => {
    const theme = JSON.stringify({ bg_color: '#17212b', text_color: '#f5f5f5' });
    const hash = `#${new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppThemeParams: theme }).toString()}`;
    const launch = readTelegramLaunch({ hash, search: '' }, undefined);
    expect(launch.initData).toBe(initData);
    expect(launch.startParam).toBe('INVITECODE');
    expect(launch.languageCode).toBe('ru');
    expect(launch.themeParams).toEqual({ bg_color: '#17212b', text_color: '#f5f5f5' });
  });

  it('takes tgWebAppStartParam from the query when initData has none', () => {
    const launch = readTelegramLaunch({ hash: '', search: '?tgWebAppStartParam=CODE' }, undefined);
    expect(launch.startParam).toBe('CODE');
    expect(launch.initData).toBeUndefined();
  });

  it('prefers an injected window.Telegram.WebApp', () => {
    const webApp = injectedWebApp({
      Telegram: {
        WebApp: {
          initData: 'a=1&hash=2',
          initDataUnsafe: { start_param: 'X', user: { language_code: 'en' } },
          themeParams: { bg_color: '#000000' },
        },
      },
    });
    const launch = readTelegramLaunch({ hash: '', search: '' }, webApp);
    expect(launch).toMatchObject({ initData: 'a=1&hash=2', startParam: 'X', languageCode: 'en', themeParams: { bg_color: '#000000' } });
  });

  it('outside Telegram everything is undefined, and malformed theme JSON is ignored', () => {
    expect(readTelegramLaunch({ hash: '#section', search: '' }, injectedWebApp({}))).toEqual({
      webApp: undefined,
      initData: undefined,
      startParam: undefined,
      languageCode: undefined,
      themeParams: undefined,
    });
    expect(readTelegramLaunch({ hash: '#tgWebAppThemeParams=%7Bbroken', search: '' }, undefined).themeParams).toBeUndefined();
  });
});

describe('withoutLaunchParams', () => {
  it('removes every tgWebApp* parameter from hash and query, keeping the rest', () => {
    const url = new URL(
      `https://app.example/campaigns?tgWebAppStartParam=X&keep=1#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`,
    );
    const clean = withoutLaunchParams(url);
    expect(clean.href).toBe('https://app.example/campaigns?keep=1');
    expect(clean.href).not.toContain('hash');
  });

  it('leaves an ordinary URL and fragment alone', () => {
    expect(withoutLaunchParams(new URL('https://app.example/join/abc#top')).href).toBe('https://app.example/join/abc#top');
  });
});

describe('themeToCss', () => {
  it('maps Telegram theme params to our CSS variables, skipping values that are not colours', () => {
    expect(
      themeToCss({ bg_color: '#17212b', button_text_color: '#fff', link_color: 'red; background: url(x)', unknown_color: '#123456' }),
    ).toEqual({
      '--tg-bg': '#17212b',
      '--tg-button-text': '#fff',
    });
  });
});
