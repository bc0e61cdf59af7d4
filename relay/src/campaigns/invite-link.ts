import { randomBytes } from 'node:crypto';
import type { Config } from '@rpg-bot/config';

/** 128 random bits, base64url without padding (22 characters): unguessable, and safe in a URL. */
export function newInviteCode(): string {
  return randomBytes(16).toString('base64url');
}

export type InviteLinkSettings = Pick<Config, 'telegramBotUsername' | 'telegramAppName' | 'publicUrl'>;

/**
 * The link to share: it opens the Mini App (`startapp` carries the code) when the bot and app
 * names are configured, else the web app at `PUBLIC_URL` or, failing that, the origin the request
 * came to (wrong behind a proxy that rewrites Host — set PUBLIC_URL there).
 */
export function inviteUrl(code: string, settings: InviteLinkSettings, requestOrigin: string): string {
  const { telegramBotUsername: bot, telegramAppName: app } = settings;
  if (bot !== undefined && app !== undefined) return `https://t.me/${bot}/${app}?startapp=${code}`;
  return `${settings.publicUrl ?? requestOrigin}/invite/${code}`;
}
