import { runUpdateLogConformance } from './conformance';
import { InMemoryUpdateLog } from './in-memory-update-log';

runUpdateLogConformance('in memory', () => Promise.resolve({ log: new InMemoryUpdateLog(), cleanup: () => Promise.resolve() }));
