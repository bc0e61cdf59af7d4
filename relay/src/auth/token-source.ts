import type { TokenService } from '@rpg-bot/auth';

/** Resolves the token service (keys are loaded at start-up; async so a future key rotation can swap it). */
export type TokenSource = () => Promise<TokenService>;

