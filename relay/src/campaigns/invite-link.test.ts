import { describe, expect, it } from 'vitest';
import { inviteUrl, newInviteCode } from './invite-link';

const none = { telegramBotUsername: undefined, telegramAppName: undefined, publicUrl: undefined };

describe('invite links', () => {
  it('makes 22-character base64url codes that differ every time', () => {
    const codes = new Set(Array.from({ length: 100 }, () => newInviteCode()));
    expect(codes.size).toBe(100);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('opens the Mini App when both bot and app names are set', () => {
    expect(inviteUrl('abc', { ...none, telegramBotUsername: 'rpg_bot', telegramAppName: 'play' }, 'http://x')).toBe(
      'https://t.me/rpg_bot/play?startapp=abc',
    );
  });

  it('falls back to PUBLIC_URL, then to the request origin', () => {
    expect(inviteUrl('abc', { ...none, telegramBotUsername: 'rpg_bot', publicUrl: 'https://app.example.com' }, 'http://x')).toBe(
      'https://app.example.com/invite/abc',
    );
    expect(inviteUrl('abc', none, 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/invite/abc');
  });
});
