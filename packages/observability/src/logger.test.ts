import { describe, expect, it } from 'vitest';
import { createLogCapture, createLogger } from './index';

describe('createLogger', () => {
  it('writes JSON lines with level name, ISO time, name and message', () => {
    const capture = createLogCapture();
    const log = createLogger({ level: 'info', name: 'relay', destination: capture.destination, base: { service: 'relay' } });
    log.info({ campaignId: 'c1' }, 'joined');
    log.debug('not written below the level');
    const [entry, ...rest] = capture.entries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ level: 'info', name: 'relay', service: 'relay', campaignId: 'c1', msg: 'joined' });
    expect(typeof entry?.time).toBe('string');
    expect(new Date(String(entry?.time)).toISOString()).toBe(entry?.time);
    expect(entry).not.toHaveProperty('pid');
  });

  it('writes nothing when silent', () => {
    const capture = createLogCapture();
    createLogger({ level: 'silent', destination: capture.destination }).fatal('nope');
    expect(capture.text()).toBe('');
  });

  it('redacts secrets by key at the top level, nested, in headers and in child loggers', () => {
    const capture = createLogCapture();
    const log = createLogger({ level: 'info', destination: capture.destination });
    log.info(
      {
        token: 'tok-1',
        password: 'pw-2',
        apiKey: 'key-3',
        req: { headers: { authorization: 'Bearer jwt-4', cookie: 'sid=cookie-5', 'x-api-key': 'key-6', accept: 'text/html' } },
        user: { auth: { initData: 'query_id=init-7', secret: 'sec-8' } },
        databaseUrl: 'postgres://u:pw-9@db/app',
      },
      'request',
    );
    log.child({ traceId: 'abc' }).warn({ session: { accessToken: 'jwt-10' } }, 'child');
    const text = capture.text();
    for (const secret of ['tok-1', 'pw-2', 'key-3', 'jwt-4', 'cookie-5', 'key-6', 'init-7', 'sec-8', 'pw-9', 'jwt-10']) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = capture.entries();
    expect(first).toMatchObject({
      token: '[REDACTED]',
      req: { headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', accept: 'text/html' } },
      user: { auth: { initData: '[REDACTED]' } },
    });
    expect(second).toMatchObject({ traceId: 'abc', session: { accessToken: '[REDACTED]' } });
  });

  it('redacts secret query parameters of a logged url', () => {
    const capture = createLogCapture();
    createLogger({ level: 'info', destination: capture.destination }).info({ url: '/v1/sync?room=r1&token=eyJhbGciOi' }, 'ws');
    expect(capture.entries()[0]).toMatchObject({ url: '/v1/sync?room=r1&token=[REDACTED]' });
  });

  it('serializes errors with type, message and stack', () => {
    const capture = createLogCapture();
    createLogger({ level: 'info', destination: capture.destination }).error({ err: new RangeError('boom') }, 'failed');
    expect(capture.entries()[0]).toMatchObject({ err: { type: 'RangeError', message: 'boom' } });
    expect(String((capture.entries()[0]?.err as { stack?: unknown }).stack)).toContain('RangeError: boom');
  });
});
