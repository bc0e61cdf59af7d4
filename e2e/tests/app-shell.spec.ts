import { expect, test } from '@playwright/test';
import { screenshot, signIn } from '../support/client';

test.describe('app shell', () => {
  test('opens on the sign-in screen with the development login', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('on this device');
    await expect(page.getByLabel('Your name')).toBeVisible();
    await expect(page.getByRole('link', { name: 'RPG-Bot — home' })).toBeVisible();
    // The manifest and icons make it installable; the HTML links the manifest.
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', /manifest\.webmanifest$/);

    await screenshot(page, testInfo, 'sign-in');
  });

  test('shows an offline badge while the browser has no network', async ({ page, context }) => {
    await page.goto('/');
    await expect(page.getByLabel('Your name')).toBeVisible();
    await context.setOffline(true);
    await expect(page.getByText('Offline', { exact: true })).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByText('Offline', { exact: true })).toBeHidden();
  });

  test('switches language and remembers the choice', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Language').selectOption('ru');
    await expect(page.getByRole('heading', { level: 1, name: 'Вход' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Вход' })).toBeVisible();
    await page.getByLabel('Язык').selectOption('en');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });

  test('strips Telegram launch parameters from the URL and applies the theme', async ({ page }) => {
    const theme = encodeURIComponent(JSON.stringify({ bg_color: '#202124', text_color: '#f5f5f5', button_color: '#3390ec' }));
    await page.goto(
      `/#tgWebAppData=${encodeURIComponent('user=%7B%22id%22%3A1%7D&hash=x')}&tgWebAppThemeParams=${theme}&tgWebAppVersion=8.0`,
    );
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--tg-bg').trim());
    expect(bg).toBe('#202124');
    // initData is never kept on the device.
    const stored = await page.evaluate(() =>
      [localStorage, sessionStorage].flatMap((storage) => Object.keys(storage).map((key) => storage.getItem(key) ?? '')).join('\n'),
    );
    expect(stored).not.toContain('hash=x');
  });

  test('an unknown page shows "not found" inside the signed-in shell', async ({ browser, baseURL }) => {
    const user = await signIn(browser, baseURL ?? '', 'Wanderer');
    await user.page.goto('/no/such/page');
    await expect(user.page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await user.page.getByRole('link', { name: 'Go to your campaigns' }).click();
    await expect(user.page.getByRole('heading', { level: 1, name: 'Your campaigns' })).toBeVisible();
    await user.context.close();
  });

  test('sign out returns to the sign-in screen', async ({ browser, baseURL }) => {
    const user = await signIn(browser, baseURL ?? '', 'Leaving Lena');
    await user.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(user.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(user.page.getByText('You are signed out.')).toBeVisible();
    expect(await user.page.evaluate(() => localStorage.getItem('rpg-bot.session'))).toBeNull();
    await user.context.close();
  });
});

test.describe('service endpoints', () => {
  test('GET /healthz answers ok', async ({ request }) => {
    const response = await request.get('/healthz');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  test('GET /readyz answers ready', async ({ request }) => {
    const response = await request.get('/readyz');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready' });
  });

  test('an unknown API path is a 404 in the shared error shape', async ({ request }) => {
    const response = await request.get('/v1/this-route-does-not-exist');
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  test('the web app manifest and service worker are served', async ({ request }) => {
    const manifest = await request.get('/manifest.webmanifest');
    expect(manifest.status()).toBe(200);
    expect(await manifest.json()).toMatchObject({ name: 'RPG-Bot', display: 'standalone', start_url: '/' });
    const sw = await request.get('/sw.js');
    expect(sw.status()).toBe(200);
    expect(await sw.text()).toContain('precache');
  });
});
