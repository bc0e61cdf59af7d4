export { relayModule } from './relay-module';
export { relayMigrations } from './db/migrations';
export { relayVersion } from './version';
