export { jobsModule } from './jobs-module';
export { jobsVersion } from './version';
