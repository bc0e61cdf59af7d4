import { createTokenService, loadOrCreateSigningKeys } from '@rpg-bot/auth';
import type { ServiceModule } from '@rpg-bot/runtime';
import type { AppEnv } from '@rpg-bot/http';
import { Hono } from 'hono';
import { authRoutes, bearerAuth, UserStore } from './auth';
import { campaignRoutes, CampaignStore } from './campaigns';
import { relayMigrations } from './db/migrations';
import { historyRoutes } from './history';
import { mountSync, syncMigrations } from './sync';
import { ClientErrorStore } from './diagnostics/client-error-store';
import { diagnosticsRoutes } from './diagnostics/routes';

/** `iss`/`aud` of session tokens: a token from another deployment's key would fail anyway, these name ours. */
const TOKEN_ISSUER = 'rpg-bot-relay';
const TOKEN_AUDIENCE = 'rpg-bot';

/** The relay as a service module: its migrations and its routes under /v1. */
export const relayModule: ServiceModule = {
  name: 'relay',
  migrations: [...relayMigrations, ...syncMigrations],
  createApp: async ({ db, config, clock, logger, metrics, onShutdown }) => {
    const users = new UserStore(db, clock);
    // Loaded at start-up so a bad SESSION_SIGNING_KEY stops the process instead of failing requests.
    const keys = await loadOrCreateSigningKeys({
      dataDir: config.dataDir,
      ...(config.sessionSigningKey === undefined ? {} : { privateKeyPem: config.sessionSigningKey }),
      logger: logger.child({ component: 'session-keys' }),
    });
    const tokens = createTokenService({ keys, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, ttlSeconds: config.sessionTtlSeconds, now: clock });
    const app = new Hono<AppEnv>();
    app.route('/', diagnosticsRoutes(new ClientErrorStore(db)));
    app.route('/', authRoutes({ settings: config, users, tokens, clock }));
    const campaigns = new CampaignStore(db, clock);
    const auth = bearerAuth(tokens, users);
    app.route('/', campaignRoutes({ store: campaigns, settings: config, auth }));
    const docAccess = (docId: string, userId: string) => campaigns.docAccessFor(docId, userId);
    const sync = await mountSync({ db, clock, logger, registry: metrics.registry, tokens, users, docAccess, maxFrameBytes: config.syncMaxFrameBytes });
    app.route('/', historyRoutes({ log: sync.log, docAccess, auth }));
    onShutdown(() => sync.stop());
    app.route('/', sync.app);
    return app;
  },
};
