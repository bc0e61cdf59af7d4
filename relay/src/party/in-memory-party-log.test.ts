import { conformanceRetention, runPartyLogConformance } from './conformance';
import { InMemoryPartyLog } from './in-memory-party-log';

runPartyLogConformance('in memory', () =>
  Promise.resolve({ log: new InMemoryPartyLog({ retention: conformanceRetention, pruneBatch: 1 }), cleanup: () => Promise.resolve() }),
);
