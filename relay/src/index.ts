export { relayModule } from './relay-module';
export { relayMigrations } from './db/migrations';
export { relayVersion } from './version';
export { docAccess } from './campaigns/doc-access';
export type { DocAccess, DocKind, MemberRole } from './campaigns/doc-access';
