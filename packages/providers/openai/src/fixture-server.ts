/**
 * A local HTTP server that speaks OpenAI's wire format for the tests: each route answers with a
 * fixture from `fixtures/` (status, headers, JSON body or a body file), and every request it got is
 * kept for the tests to inspect. Routes can also hang (never answer) or stall mid-body.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A recorded answer, as stored in `fixtures/<name>.json`. */
export interface Fixture {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** A file beside the JSON whose bytes are the body (the WAV). */
  readonly bodyFile?: string;
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Fixture;
}

export function fixtureBody(fixture: Fixture): Buffer {
  if (fixture.bodyFile !== undefined) return readFileSync(new URL(fixture.bodyFile, FIXTURES));
  return Buffer.from(JSON.stringify(fixture.body));
}

/** What a route does: answer with a fixture, never answer, or send headers and part of the body and stop. */
export type Behaviour = { readonly fixture: string } | { readonly hang: true } | { readonly stallAfter: number; readonly fixture: string };

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface FixtureServer {
  /** The base URL to give the SDK, ending in `/v1`. */
  readonly baseURL: string;
  readonly received: ReceivedRequest[];
  /** Sets what `POST <path>` does from now on (`/v1/audio/speech`, `/v1/images/generations`). */
  route(path: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

function answer(res: ServerResponse, behaviour: Behaviour): void {
  if ('hang' in behaviour) return;
  const fixture = loadFixture(behaviour.fixture);
  const body = fixtureBody(fixture);
  res.writeHead(fixture.status, { ...fixture.headers, ...('stallAfter' in behaviour ? {} : { 'content-length': String(body.length) }) });
  if ('stallAfter' in behaviour) res.write(body.subarray(0, behaviour.stallAfter));
  else res.end(body);
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Behaviour>();
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://fixture').pathname;
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      received.push({ method: req.method ?? '', path, headers: req.headers, body });
      const behaviour = req.method === 'POST' ? routes.get(path) : undefined;
      if (behaviour === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no fixture for ${req.method ?? ''} ${path}`, type: 'invalid_request_error', param: null, code: null } }));
        return;
      }
      answer(res, behaviour);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    route: (path, behaviour) => routes.set(path, behaviour),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
