/**
 * Test helpers for code that authenticates users (`@rpg-bot/auth/testing`). Never import this
 * from production code.
 */
export { signTelegramInitData } from './sign-telegram-init-data';
export type { SignTelegramInitDataOptions, TelegramTestUser } from './sign-telegram-init-data';
