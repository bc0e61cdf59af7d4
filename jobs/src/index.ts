export { createJobsModule, jobsModule } from './jobs-module';
export type { JobsModuleOptions } from './jobs-module';
export { jobsMigrations } from './migrations';
export { jobsVersion } from './version';
