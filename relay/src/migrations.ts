import { mergeMigrations } from '@rpg-bot/db';
import { authMigrations } from './auth/migrations';
import { campaignMigrations } from './campaigns/migrations';
import { diagnosticsMigrations } from './diagnostics/migrations';
import { partyMigrations } from './party/migrations';
import { syncMigrations } from './sync/migrations';

/**
 * Every migration of the relay, in number order. Each feature owns its migrations (next to its
 * code); their numbers count across the relay, so a new one takes the next free number whichever
 * feature it belongs to. The runtime records them as `relay.NNNN_name` (the service's scope).
 * Ids that earlier releases recorded differently are listed in `formerly` and renamed on upgrade
 * (ADR 0019).
 */
export const relayMigrations = mergeMigrations(diagnosticsMigrations, campaignMigrations, syncMigrations, partyMigrations, authMigrations);
