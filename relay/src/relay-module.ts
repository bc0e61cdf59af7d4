import { SESSION_TOKEN_AUDIENCE, SESSION_TOKEN_ISSUER } from '@rpg-bot/access';
import { createTokenService, loadOrCreateSigningKeys } from '@rpg-bot/auth';
import type { ServiceModule } from '@rpg-bot/runtime';
import type { AppEnv } from '@rpg-bot/http';
import { Hono } from 'hono';
import { authRoutes, bearerAuth, refuseRevokedTokens, SessionRevocations, UserStore } from './auth';
import { campaignRoutes, CampaignStore, MemberRemovals } from './campaigns';
import type { MemberRemoval, MembershipChange } from './campaigns';
import { relayMigrations } from './migrations';
import { historyRoutes } from './history';
import { mountParty, PARTY_MAX_FRAME_BYTES } from './party';
import type { MountedParty } from './party';
import { mountSync } from './sync';
import type { MountedSync, Timers } from './sync';
import { ClientErrorStore } from './diagnostics/client-error-store';
import { diagnosticsRoutes } from './diagnostics/routes';
import { socketPayloadCeiling } from './websocket/payload-ceiling';


interface MembershipFeatures {
  readonly party: MountedParty;
  readonly sync: Pick<MountedSync, 'disconnect'>;
  readonly campaigns: CampaignStore;
  readonly removals: MemberRemovals;
}

/** Closes a removed member's sync sockets on the campaign's docs and their party sockets on it (4403), in this process. */
async function closeRemovedMember(features: MembershipFeatures, removal: MemberRemoval): Promise<void> {
  features.sync.disconnect(removal.userId, await features.campaigns.docIdsOf(removal.campaignId));
  features.party.rooms.closeUser(removal.campaignId, removal.userId);
}

/**
 * What happens when someone joins a campaign or is removed from it (the campaign routes call it
 * after the commit): the party stream announces it; a removed member's sync and party sockets on
 * this relay close with 4403 at once, and on every other relay of the database when it hears
 * `NOTIFY relay_member_removed` (SYNC-AUTH-3).
 */
function membershipChanged(features: MembershipFeatures): (change: MembershipChange) => Promise<void> {
  return async (change) => {
    if (change.change === 'removed') {
      await closeRemovedMember(features, change);
      await features.removals.announce(change);
    }
    await features.party.onMembershipChanged(change);
  };
}

/** What a composition may replace in the relay (tests: manual timers that move only when told). */
export interface RelayModuleOptions {
  /** Timers of token expiry, eviction, compaction and pruning (default: unref'd Node timers). */
  readonly timers?: Timers;
}

/** The relay as a service module: its migrations and its routes under /v1. */
export const createRelayModule = (options: RelayModuleOptions = {}): ServiceModule => ({
  name: 'relay',
  // Each feature's migrations, in number order; the runtime records them as relay.NNNN_name (ADR 0019).
  migrations: relayMigrations,
  // The sync and party sockets share the process's ws server: a frame far above both limits is refused unread.
  maxWebSocketPayloadBytes: (config) => socketPayloadCeiling(config.syncMaxFrameBytes, PARTY_MAX_FRAME_BYTES),
  createApp: async ({ db, config, clock, logger, metrics, onShutdown }) => {
    const users = new UserStore(db, clock);
    // Loaded at start-up so a bad SESSION_SIGNING_KEY stops the process instead of failing requests.
    const keys = await loadOrCreateSigningKeys({
      dataDir: config.dataDir,
      ...(config.sessionSigningKey === undefined ? {} : { privateKeyPem: config.sessionSigningKey }),
      logger: logger.child({ component: 'session-keys' }),
    });
    const timers = options.timers === undefined ? {} : { timers: options.timers };
    const revocations = new SessionRevocations(db, clock, logger.child({ component: 'session-revocations' }), config.sessionTtlSeconds);
    await revocations.start();
    onShutdown(() => revocations.stop());
    const tokens = refuseRevokedTokens(
      createTokenService({ keys, issuer: SESSION_TOKEN_ISSUER, audience: SESSION_TOKEN_AUDIENCE, ttlSeconds: config.sessionTtlSeconds, now: clock }),
      revocations,
    );
    const app = new Hono<AppEnv>();
    app.route('/', diagnosticsRoutes(new ClientErrorStore(db)));
    app.route('/', authRoutes({ settings: config, users, tokens, clock, revocations }));
    const campaigns = new CampaignStore(db, clock);
    const auth = bearerAuth(tokens, users);
    const party = await mountParty({
      db,
      clock,
      logger,
      registry: metrics.registry,
      tokens,
      users,
      auth,
      roleOf: (campaignId, userId) => campaigns.roleOf(campaignId, userId),
      retention: { maxEvents: config.partyRetentionMaxEvents, maxAgeMs: config.partyRetentionMaxAgeDays * 24 * 3600 * 1000 },
      rateLimit: config.rateLimitEnabled ? { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst } : undefined,
      revocations,
      maxSendBufferBytes: config.wsMaxSendBufferBytes,
      ...timers,
    });
    onShutdown(() => party.stop());
    const docAccess = (docId: string, userId: string) => campaigns.docAccessFor(docId, userId);
    const sync = await mountSync({ db, clock, logger, registry: metrics.registry, tokens, users, docAccess, maxFrameBytes: config.syncMaxFrameBytes, maxDocBytes: config.syncMaxDocBytes, maxSendBufferBytes: config.wsMaxSendBufferBytes, revocations, ...timers });
    onShutdown(() => sync.stop());
    const removals = new MemberRemovals(db, logger.child({ component: 'member-removals' }));
    const features: MembershipFeatures = { party, sync, campaigns, removals };
    removals.subscribe((removal) => {
      closeRemovedMember(features, removal).catch((error: unknown) => {
        logger.error({ err: error, campaignId: removal.campaignId }, 'closing a removed member’s sockets failed');
      });
    });
    await removals.start();
    onShutdown(() => removals.stop());
    app.route('/', campaignRoutes({ store: campaigns, settings: config, auth, onMembershipChanged: membershipChanged(features) }));
    app.route('/', party.app);
    app.route('/', historyRoutes({ log: sync.log, docAccess, auth }));
    app.route('/', sync.app);
    return app;
  },
});

/** The relay with its production defaults. */
export const relayModule: ServiceModule = createRelayModule();
