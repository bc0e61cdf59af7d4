// The transfer floor: an "ideal" y-websocket server for the join storm that does no per-client
// work at all. It encodes the doc's sync step 2 once (from BENCH_STATE_FILE) and sends that same
// buffer to every client that asks (sync step 1), ignoring everything else. What the crowd then
// measures is moving the bytes: sockets, the kernel and the clients' process — the best any
// server could do on this machine. Prints its URL as one JSON line, like baseline-server.mjs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as encoding from 'lib0/encoding';
import { WebSocketServer } from 'ws';

const stateFile = process.env.BENCH_STATE_FILE;
if (stateFile === undefined) throw new Error('BENCH_STATE_FILE is not set');
const encoder = encoding.createEncoder();
encoding.writeVarUint(encoder, 0); // sync message
encoding.writeVarUint(encoder, 1); // step 2
encoding.writeVarUint8Array(encoder, readFileSync(stateFile));
const step2 = Buffer.from(encoding.toUint8Array(encoder));
/** Sync step 1 with an empty state vector: the client answers with its (empty) doc. */
const step1 = Buffer.from([0, 0, 1, 0]);

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    ws.send(step1);
    ws.on('message', (/** @type {Buffer} */ data) => {
      if (data[0] === 0 && data[1] === 0) ws.send(step2);
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
