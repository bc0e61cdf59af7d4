/** `iss`/`aud` of session tokens: every service verifies tokens the relay issued with these. */
export const SESSION_TOKEN_ISSUER = 'rpg-bot-relay';
export const SESSION_TOKEN_AUDIENCE = 'rpg-bot';
