import { validators } from '@rpg-bot/contracts';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AppEnv } from './app-env';
import { jsonBody } from './index';
import { createTestApp, validateNote } from './test-support';
import type { ErrorJson, Note } from './test-support';

function appWithNotes() {
  const t = createTestApp({ config: { rateLimitEnabled: false } });
  const routes = new Hono<AppEnv>();
  routes.post('/v1/notes', jsonBody(validateNote), (c) => {
    const note = c.get('body');
    expectTypeOf(note).toEqualTypeOf<Note>();
    expectTypeOf(c.get('traceId')).toEqualTypeOf<string>();
    return c.json({ title: note.title.toUpperCase(), tags: note.tags.length }, 201);
  });
  t.app.route('/', routes);
  return t.app;
}

/** `contentType: null` sends none (bytes, so fetch does not add text/plain). */
const post = (body: string, contentType: string | null = 'application/json') =>
  appWithNotes().request('/v1/notes', {
    method: 'POST',
    body: contentType === null ? new TextEncoder().encode(body) : body,
    headers: contentType === null ? {} : { 'content-type': contentType },
  });

describe('jsonBody', () => {
  it('hands the validated, typed body to the handler', async () => {
    const res = await post(JSON.stringify({ title: 'session zero', tags: ['prep'] }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ title: 'SESSION ZERO', tags: 1 });
  });

  it('accepts a charset parameter and +json media types', async () => {
    const body = JSON.stringify({ title: 't', tags: [] });
    expect((await post(body, 'application/json; charset=utf-8')).status).toBe(201);
    expect((await post(body, 'application/merge-patch+json')).status).toBe(201);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['no content type', null],
  ])('answers 415 unsupported_media_type for %s', async (_name, contentType) => {
    const res = await post(JSON.stringify({ title: 't', tags: [] }), contentType);
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: { code: 'unsupported_media_type', message: 'Content-Type must be application/json.' },
    });
  });

  it.each([['{"title": '], [''], ['{title: "x"}'], ['[1,2,']])('answers 400 bad_request for malformed JSON %j', async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'Request body is not valid JSON' } });
  });

  it('answers 400 validation_failed with the issues for a body that does not match', async () => {
    const res = await post(JSON.stringify({ title: '', tags: [1] }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(validators.errorBody(body)).toMatchObject({ ok: true });
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual({
      issues: [
        { path: '/title', message: 'must be a non-empty string' },
        { path: '/tags', message: 'must be an array of strings' },
      ],
    });
    expect(((await (await post('null')).json()) as ErrorJson).error.code).toBe('validation_failed');
  });

  it('answers 400 validation_failed for text PostgreSQL cannot store (U+0000, unpaired surrogates), in values and keys, before the schema', async () => {
    const cases: [unknown, string][] = [
      [{ title: 'a\u0000b', tags: [] }, '/title'],
      [{ title: 'ok', tags: ['fine', '\uD800'] }, '/tags/1'],
      [{ title: 'ok', tags: [], 'x\u0000': 1 }, '/x\u0000'],
    ];
    for (const [value, path] of cases) {
      const res = await post(JSON.stringify(value));
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorJson;
      expect(validators.errorBody(body)).toMatchObject({ ok: true });
      expect(body.error).toEqual({
        code: 'validation_failed',
        message: 'Request body contains text that cannot be stored.',
        details: { issues: [{ path, message: 'must not contain U+0000 or unpaired surrogates' }] },
      });
    }
    // Escaped in the JSON text or raw: the parsed value is what counts.
    expect((await post('{"title":"\\u0000","tags":[]}')).status).toBe(400);
    expect((await post(JSON.stringify({ title: 'dice 🎲 \t', tags: [] }))).status).toBe(201);
  });
});
