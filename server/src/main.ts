// `npm start`: the whole stack in one process — relay and jobs routes, the built client at `/`,
// on the embedded database unless DATABASE_URL is set.
import { fileURLToPath } from 'node:url';
import { jobsModule } from '@rpg-bot/jobs';
import { relayModule } from '@rpg-bot/relay';
import { runMain } from '@rpg-bot/runtime';
import { serverVersion } from './version';

// Same depth from server/src/main.ts and from the bundle at server/dist/main.js.
const clientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

await runMain({ modules: [relayModule, jobsModule], staticDir: clientDist, version: serverVersion });
