export { bootStack } from './boot';
export type { BootOptions, RunningStack } from './boot';
export { runMain } from './run-main';
export type { MainOptions } from './run-main';
export { createReadinessCheck } from './readiness';
export type { ServiceDeps, ServiceModule } from './service-module';
