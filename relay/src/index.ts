export { relayModule } from './relay-module';
export { relayMigrations } from './migrations';
export { relayVersion } from './version';
export { docAccess } from './campaigns/doc-access';
export type { DocAccess, DocKind } from './campaigns/doc-access';
