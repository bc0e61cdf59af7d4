import { randomUUID } from 'node:crypto';
import { validators } from '@rpg-bot/contracts';
import type { DocHistory } from '@rpg-bot/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';
import { PostgresUpdateLog } from '../sync';

function expectError(response: ApiResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.json)).toBe(status);
  const body = validators.errorBody(response.json);
  if (!body.ok) throw new Error(`not an error body: ${JSON.stringify(response.json)}`);
  expect(body.value.error.code).toBe(code);
}

describe.each(testBackends('relay/history'))('history routes on $name', (backend) => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1' });
  });
  afterAll(async () => {
    await relay.close();
  });

  const signIn = async (name: string) => {
    const session = validators.session((await relay.call('POST', '/v1/auth/dev', { body: { name } })).json);
    if (!session.ok) throw new Error('dev login failed');
    return { id: session.value.user.id, token: session.value.token };
  };

  /** A GM's campaign with one player who joined by invite. */
  const party = async () => {
    const gm = await signIn('GM');
    const created = validators.campaign((await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Tomb' } })).json);
    if (!created.ok) throw new Error('campaign not created');
    const invite = validators.invite((await relay.call('POST', `/v1/campaigns/${created.value.id}/invites`, { token: gm.token, body: { role: 'player' } })).json);
    if (!invite.ok) throw new Error('invite not created');
    const player = await signIn('Player');
    expect((await relay.call('POST', `/v1/invites/${invite.value.code}/accept`, { token: player.token })).status).toBe(200);
    const { shared, gm: gmDoc } = created.value.docs;
    if (gmDoc === undefined) throw new Error('the GM sees no gm doc');
    return { gm, player, shared, gmDoc };
  };

  /** Writes `texts` as one update each through the relay's log; returns the doc text after each seq. */
  const write = async (docId: string, authorId: string, texts: string[]): Promise<Map<number, string>> => {
    const log = new PostgresUpdateLog(relay.stack.db);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const textAt = new Map<number, string>();
    for (const text of texts) {
      doc.getText('notes').insert(doc.getText('notes').length, text);
      const update = updates.shift();
      if (update === undefined) throw new Error('no update emitted');
      relay.clock.now += 1000;
      const { seq } = await log.append(docId, update, { authorId, at: new Date(relay.clock.now) });
      textAt.set(seq, doc.getText('notes').toJSON());
    }
    return textAt;
  };

  const history = async (token: string, docId: string): Promise<DocHistory> => {
    const response = await relay.call('GET', `/v1/docs/${docId}/history`, { token });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    const body = validators.docHistory(response.json);
    if (!body.ok) throw new Error(`not a DocHistory: ${JSON.stringify(response.json)}`);
    return body.value;
  };

  const stateAt = (token: string, docId: string, seq: string) =>
    fetch(new URL(`/v1/docs/${docId}/at/${seq}`, relay.stack.url), { headers: { authorization: `Bearer ${token}` } });

  it('lists every version newest first and serves each as a Yjs update equal to the doc at that seq', async () => {
    const { gm, player, shared } = await party();
    const start = relay.clock.now;
    const textAt = await write(shared, gm.id, ['Room 1: ', 'a goblin. ', 'Room 2: a trap.']);
    const list = await history(player.token, shared);
    expect(list.docId).toBe(shared);
    expect(list.checkpoints).toEqual([3, 2, 1].map((seq) => ({ seq, at: new Date(start + seq * 1000).toISOString(), authorId: gm.id })));

    for (const [seq, text] of textAt) {
      const response = await stateAt(player.token, shared, String(seq));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('x-doc-seq')).toBe(String(seq));
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, new Uint8Array(await response.arrayBuffer()));
      expect(fresh.getText('notes').toJSON()).toBe(text);
    }
  });

  it('answers an empty history for a doc nobody has written yet', async () => {
    const { gm, gmDoc } = await party();
    expect(await history(gm.token, gmDoc)).toEqual({ docId: gmDoc, checkpoints: [] });
  });

  it('hides the GM doc and other campaigns’ docs from a player with 404', async () => {
    const { gm, player, gmDoc } = await party();
    await write(gmDoc, gm.id, ['The villain is the mayor.']);
    expect((await history(gm.token, gmDoc)).checkpoints).toHaveLength(1);
    expectError(await relay.call('GET', `/v1/docs/${gmDoc}/history`, { token: player.token }), 404, 'not_found');
    const hidden = await stateAt(player.token, gmDoc, '1');
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain('mayor');
    const outsider = await signIn('Outsider');
    expectError(await relay.call('GET', `/v1/docs/${gmDoc}/history`, { token: outsider.token }), 404, 'not_found');
    expectError(await relay.call('GET', `/v1/docs/${randomUUID()}/history`, { token: outsider.token }), 404, 'not_found');
    // Not even a doc id: refused for its format, which says nothing about any doc.
    expectError(await relay.call('GET', '/v1/docs/no-such-doc/history', { token: outsider.token }), 400, 'bad_request');
  });

  it('requires a session token', async () => {
    const { shared } = await party();
    expectError(await relay.call('GET', `/v1/docs/${shared}/history`), 401, 'unauthorized');
    expectError(await relay.call('GET', `/v1/docs/${shared}/at/1`), 401, 'unauthorized');
    expectError(await relay.call('GET', `/v1/docs/${shared}/history`, { token: 'not-a-token' }), 401, 'unauthorized');
  });

  it.each(['0', '-1', '1.5', 'abc', '01', '99999999999999999999'])('refuses seq %s with 400 validation_failed', async (seq) => {
    const { gm, shared } = await party();
    const response = await relay.call('GET', `/v1/docs/${shared}/at/${seq}`, { token: gm.token });
    expectError(response, 400, 'validation_failed');
    expect(response.json).toMatchObject({ error: { details: { issues: [{ path: '/seq' }] } } });
  });

  it('answers 404 for an unknown seq, and 404 history_unavailable for a compacted one', async () => {
    const { gm, shared } = await party();
    await write(shared, gm.id, ['one ', 'two ', 'three']);
    const unknown = await relay.call('GET', `/v1/docs/${shared}/at/4`, { token: gm.token });
    expectError(unknown, 404, 'not_found');
    expect(unknown.json).not.toMatchObject({ error: { details: { reason: 'history_unavailable' } } });

    await new PostgresUpdateLog(relay.stack.db).compact(shared, { keepHistory: false });
    const kept = (await history(gm.token, shared)).checkpoints.map((c) => c.seq);
    expect(kept).toEqual([3]);
    const gone = await relay.call('GET', `/v1/docs/${shared}/at/1`, { token: gm.token });
    expectError(gone, 404, 'not_found');
    expect(gone.json).toMatchObject({ error: { details: { reason: 'history_unavailable' } } });
    expect((await stateAt(gm.token, shared, '3')).status).toBe(200);
  });
});
