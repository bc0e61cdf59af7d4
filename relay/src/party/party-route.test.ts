import { randomUUID } from 'node:crypto';
import { validators } from '@rpg-bot/contracts';
import type { Campaign, ErrorBody, Invite, PartyEvent, PartyEventPage, PartyPublishResult } from '@rpg-bot/contracts';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';
import { partyClient } from './party-test-client';
import type { PartyTestClient } from './party-test-client';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)} ${JSON.stringify(result.issues)}`);
  return result.value;
}

const chat = (text: string, id: string = randomUUID()) => ({
  specversion: '1.0',
  id,
  type: 'dev.rpgbot.party.chat-message.v1',
  time: '2020-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  data: { text },
});

const dice = (expression: string, extra: Record<string, unknown> = {}, id: string = randomUUID()) => ({
  specversion: '1.0',
  id,
  type: 'dev.rpgbot.party.dice-requested.v1',
  data: { expression, ...extra },
});

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

/** Retention of the test relay: 30 events per campaign, pruned in batches of 3. */
const MAX_EVENTS = 30;

describe.each(testBackends('relay/party'))('party events on $name', (backend) => {
  let relay: RelayUnderTest;
  const users: Record<'gm' | 'player' | 'viewer' | 'stranger', { id: string; token: string }> = {
    gm: { id: '', token: '' },
    player: { id: '', token: '' },
    viewer: { id: '', token: '' },
    stranger: { id: '', token: '' },
  };
  const sockets: PartyTestClient[] = [];

  const signIn = async (name: string) => {
    const session = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name } }));
    return { id: session.user.id, token: session.token };
  };
  const newCampaign = async (): Promise<Campaign> =>
    parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: users.gm.token, body: { title: 'Party tests' } }));
  const join = async (campaign: Campaign, token: string, role: 'player' | 'viewer') => {
    const invite: Invite = parsed(
      validators.invite,
      await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: users.gm.token, body: { role } }),
    );
    expect((await relay.call('POST', `/v1/invites/${invite.code}/accept`, { token })).status).toBe(200);
  };
  /** A campaign with the GM, the player and the viewer (two member-joined events: seqs 1 and 2). */
  const party = async (): Promise<Campaign> => {
    const campaign = await newCampaign();
    await join(campaign, users.player.token, 'player');
    await join(campaign, users.viewer.token, 'viewer');
    return campaign;
  };
  const publish = (campaign: Campaign, token: string, body: unknown) => relay.call('POST', `/v1/campaigns/${campaign.id}/events`, { token, body });
  const page = async (campaign: Campaign, token: string, query = '') =>
    parsed(validators.partyEventPage, await relay.call('GET', `/v1/campaigns/${campaign.id}/events${query}`, { token }));
  const socket = async (campaign: Campaign, token: string, since?: number) => {
    const query = `token=${encodeURIComponent(token)}${since === undefined ? '' : `&since=${String(since)}`}`;
    const client = await partyClient(`${relay.stack.url.replace('http', 'ws')}/v1/party/${campaign.id}?${query}`);
    sockets.push(client);
    return client;
  };
  const textsOf = (events: readonly PartyEvent[]) => events.map((event) => (event.type === 'dev.rpgbot.party.chat-message.v1' ? event.data.text : event.type));

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1', PARTY_RETENTION_MAX_EVENTS: String(MAX_EVENTS) });
    users.gm = await signIn('Gemma the GM');
    users.player = await signIn('Pip the player');
    users.viewer = await signIn('Vic the viewer');
    users.stranger = await signIn('Stan the stranger');
  });
  afterEach(() => {
    for (const client of sockets.splice(0)) client.socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  describe('over HTTP', () => {
    it('publishes, stamps and replays events after a seq, at most `limit` at a time', async () => {
      const campaign = await party();
      const result: PartyPublishResult = parsed(validators.partyPublishResult, await publish(campaign, users.player.token, chat('Who brought the rope?')));
      expect(result).toMatchObject({ seq: 3, duplicate: false });
      const stored = result.events[0];
      expect(stored).toMatchObject({
        source: `/campaigns/${campaign.id}`,
        seq: 3,
        actorid: users.player.id,
        actorname: 'Pip the player',
        data: { text: 'Who brought the rope?' },
      });
      // The client's time is replaced by the relay's.
      expect(stored?.time).toBe(new Date(relay.clock.now).toISOString());
      await publish(campaign, users.gm.token, chat('I did.'));
      await publish(campaign, users.player.token, chat('Good.'));
      const all = await page(campaign, users.viewer.token);
      expect(all).toMatchObject({ headSeq: 5, firstRetainedSeq: 1, gap: false });
      expect(textsOf(all.events)).toEqual([
        'dev.rpgbot.party.member-joined.v1',
        'dev.rpgbot.party.member-joined.v1',
        'Who brought the rope?',
        'I did.',
        'Good.',
      ]);
      expect(all.events[0]).toMatchObject({ actorid: users.player.id, data: { userId: users.player.id, name: 'Pip the player', role: 'player' } });
      expect(all.events[1]).toMatchObject({ data: { userId: users.viewer.id, role: 'viewer' } });
      const after = await page(campaign, users.player.token, '?since=3&limit=1');
      expect(after.events.map((event) => event.seq)).toEqual([4]);
      expect(after.headSeq).toBe(5);
      expect((await page(campaign, users.player.token, '?since=5')).events).toEqual([]);
    });

    it('answers a re-sent id with the original seq and stores it once', async () => {
      const campaign = await party();
      const event = chat('only once');
      const first = parsed(validators.partyPublishResult, await publish(campaign, users.player.token, event));
      await publish(campaign, users.gm.token, chat('in between'));
      const again = parsed(validators.partyPublishResult, await publish(campaign, users.player.token, event));
      expect(again).toEqual({ ...first, duplicate: true });
      expect(textsOf((await page(campaign, users.gm.token, '?since=2')).events)).toEqual(['only once', 'in between']);
      // The same id from someone else is their own event.
      expect(parsed(validators.partyPublishResult, await publish(campaign, users.gm.token, event)).duplicate).toBe(false);
    });

    it('lets a viewer read but not publish, and hides the campaign from non-members', async () => {
      const campaign = await party();
      const refused = await publish(campaign, users.viewer.token, chat('let me talk'));
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ error: { code: 'forbidden', details: { reason: 'read_only' } } });
      expect((await page(campaign, users.viewer.token)).headSeq).toBe(2);
      for (const response of [
        await publish(campaign, users.stranger.token, chat('hi')),
        await relay.call('GET', `/v1/campaigns/${campaign.id}/events`, { token: users.stranger.token }),
      ]) {
        expect(response.status).toBe(404);
        expect((response.json as ErrorBody).error.code).toBe('not_found');
      }
      expect((await relay.call('GET', `/v1/campaigns/${campaign.id}/events`)).status).toBe(401);
      // Following an invite again as a member announces nothing.
      await join(campaign, users.viewer.token, 'player');
      expect((await page(campaign, users.gm.token)).headSeq).toBe(2);
    });

    it('lets only the GM post notices and nobody forge relay events', async () => {
      const campaign = await party();
      const notice = { specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.gm-notice.v1', data: { text: 'Session at 19:00' } };
      expect((await publish(campaign, users.player.token, notice)).json).toMatchObject({
        error: { code: 'forbidden', details: { reason: 'forbidden_event_type' } },
      });
      expect(parsed(validators.partyPublishResult, await publish(campaign, users.gm.token, notice)).seq).toBe(3);
      const forged = {
        specversion: '1.0',
        id: randomUUID(),
        type: 'dev.rpgbot.party.dice-rolled.v1',
        data: { requestId: 'x', expression: '1d20', mode: 'normal', dice: [{ sides: 20, results: [20], kept: [20] }], modifier: 0, total: 20 },
      };
      for (const token of [users.player.token, users.gm.token]) {
        const response = await publish(campaign, token, forged);
        expect(response.status).toBe(403);
        expect(response.json).toMatchObject({ error: { details: { reason: 'forbidden_event_type' } } });
      }
      const joined = { specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.member-joined.v1', data: { userId: 'x', name: 'x', role: 'gm' } };
      expect((await publish(campaign, users.gm.token, joined)).status).toBe(403);
      expect((await page(campaign, users.gm.token)).headSeq).toBe(3);
    });

    it('lets players and the GM share finished media in the feed, refuses viewers and malformed references', async () => {
      const campaign = await party();
      const shared = (data: Record<string, unknown>) => ({ specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.media-shared.v1', data });
      const portrait = {
        kind: 'portrait',
        jobId: randomUUID(),
        sha256: 'b'.repeat(64),
        mime: 'image/webp',
        bytes: 9000,
        title: 'Elara',
        width: 256,
        height: 256,
      };
      expect(parsed(validators.partyPublishResult, await publish(campaign, users.player.token, shared(portrait))).seq).toBe(3);
      expect((await publish(campaign, users.viewer.token, shared(portrait))).json).toMatchObject({
        error: { code: 'forbidden', details: { reason: 'read_only' } },
      });
      for (const bad of [
        { ...portrait, sha256: '../../etc/passwd' },
        { ...portrait, mime: 'text/html' },
        { ...portrait, artifactUrl: 'https://evil.example/' },
        { ...portrait, title: '' },
      ]) {
        const response = await publish(campaign, users.gm.token, shared(bad));
        expect(response.status).toBe(400);
        expect((response.json as ErrorBody).error.code).toBe('validation_failed');
      }
      const stored = await page(campaign, users.viewer.token);
      expect(stored.headSeq).toBe(3);
      expect(stored.events.at(-1)).toMatchObject({ type: 'dev.rpgbot.party.media-shared.v1', data: portrait });
    });

    it('rolls dice on the relay: request and result, total = kept + modifier, never re-rolled on resend', async () => {
      const campaign = await party();
      const request = dice('4d6kh3+2', { label: 'Strength' });
      const result = parsed(validators.partyPublishResult, await publish(campaign, users.player.token, request));
      expect(result.events.map((event) => [event.seq, event.type])).toEqual([
        [3, 'dev.rpgbot.party.dice-requested.v1'],
        [4, 'dev.rpgbot.party.dice-rolled.v1'],
      ]);
      const rolled = result.events[1];
      if (rolled?.type !== 'dev.rpgbot.party.dice-rolled.v1') throw new Error('no roll');
      expect(rolled).toMatchObject({ actorid: users.player.id, source: `/campaigns/${campaign.id}` });
      expect(rolled.id).not.toBe(request.id);
      expect(rolled.data).toMatchObject({ requestId: request.id, expression: '4d6kh3+2', mode: 'normal', label: 'Strength', modifier: 2 });
      const [term] = rolled.data.dice;
      expect(term?.results).toHaveLength(4);
      expect(term?.kept).toHaveLength(3);
      expect(rolled.data.total).toBe((term?.kept ?? []).reduce((a, b) => a + b, 0) + 2);
      const again = parsed(validators.partyPublishResult, await publish(campaign, users.player.token, request));
      expect(again).toEqual({ ...result, duplicate: true });
      const advantage = parsed(validators.partyPublishResult, await publish(campaign, users.gm.token, dice('d20+5', { mode: 'advantage' })));
      const roll = advantage.events[1];
      if (roll?.type !== 'dev.rpgbot.party.dice-rolled.v1') throw new Error('no roll');
      expect(roll.data.dice[0]?.results).toHaveLength(2);
      expect(roll.data.total).toBe(Math.max(...(roll.data.dice[0]?.results ?? [])) + 5);
      expect((await page(campaign, users.gm.token)).headSeq).toBe(6);
    });

    it('refuses bad dice expressions and malformed envelopes with validation_failed', async () => {
      const campaign = await party();
      const cases: [unknown, string][] = [
        [dice('2d6*3'), '/data/expression'],
        [dice('101d6'), '/data/expression'],
        [dice('2d20', { mode: 'advantage' }), '/data/expression'],
        [dice('d20', { mode: 'lucky' }), '/data/mode'],
        [{ ...chat('x'), type: 'dev.rpgbot.party.whisper.v1' }, '/type'],
        [{ ...chat(''), id: randomUUID() }, '/data/text'],
        [{ ...chat('x'), specversion: '0.3' }, '/specversion'],
        [{ ...chat('x'), data: { text: 'x', html: '<b>' } }, '/data/html'],
        [{ ...chat('x'), datacontenttype: 'text/plain' }, '/datacontenttype'],
        [{ ...chat('x'), id: undefined }, '/id'],
        [{ ...chat('x'), data: { text: 'nul \u0000 byte' } }, '/data/text'],
        [{ ...chat('x'), data: { text: 'x'.repeat(2001) } }, '/data/text'],
      ];
      for (const [body, path] of cases) {
        const response = await publish(campaign, users.player.token, body);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        const error = parsed(validators.errorBody, response).error;
        expect(error.code).toBe('validation_failed');
        expect(JSON.stringify(error.details)).toContain(`"path":"${path}"`);
      }
      for (const rawBody of ['[1,2]', '"text"', 'not json']) {
        expect((await relay.call('POST', `/v1/campaigns/${campaign.id}/events`, { token: users.player.token, rawBody })).status).toBe(400);
      }
      expect((await page(campaign, users.gm.token)).headSeq).toBe(2);
    });

    it('refuses bad since and limit values', async () => {
      const campaign = await party();
      for (const query of ['?since=-1', '?since=abc', '?limit=0', '?limit=501', '?limit=1.5']) {
        const response = await relay.call('GET', `/v1/campaigns/${campaign.id}/events${query}`, { token: users.gm.token });
        expect(response.status, query).toBe(400);
        expect((response.json as ErrorBody).error.code).toBe('validation_failed');
      }
      expect((await page(campaign, users.gm.token, '?limit=500')).events).toHaveLength(2);
    });

    it('reports a gap when retention dropped events after `since`', async () => {
      const campaign = await party();
      for (let index = 0; index < 40; index += 1) await publish(campaign, users.gm.token, chat(`line ${String(index)}`));
      const fromStart = await page(campaign, users.player.token, '?limit=500');
      expect(fromStart.headSeq).toBe(42);
      expect(fromStart.gap).toBe(true);
      expect(fromStart.firstRetainedSeq).toBeGreaterThan(1);
      expect(fromStart.events[0]?.seq).toBe(fromStart.firstRetainedSeq);
      expect(fromStart.events.length).toBeLessThanOrEqual(MAX_EVENTS + 2);
      expect(fromStart.events.at(-1)?.seq).toBe(42);
      const caughtUp = await page(campaign, users.player.token, `?since=${String(fromStart.firstRetainedSeq - 1)}`);
      expect(caughtUp.gap).toBe(false);
      const client = await socket(campaign, users.player.token, 0);
      expect(await client.next('gap')).toEqual({ type: 'gap', since: 0, firstRetainedSeq: fromStart.firstRetainedSeq });
      expect(await client.next('ready')).toEqual({ type: 'ready', headSeq: 42 });
      expect(client.frames[0]?.type).toBe('gap');
      expect(client.seqs()).toEqual(fromStart.events.map((event) => event.seq));
    });
  });

  describe('over the WebSocket', () => {
    it('replays after `since`, then delivers new events to everyone (sender included) and acks after commit', async () => {
      const campaign = await party();
      await publish(campaign, users.gm.token, chat('before anyone connected'));
      const gm = await socket(campaign, users.gm.token);
      const player = await socket(campaign, users.player.token, 2);
      expect(await gm.next('ready')).toEqual({ type: 'ready', headSeq: 3 });
      expect(await player.next('ready')).toEqual({ type: 'ready', headSeq: 3 });
      expect(gm.seqs()).toEqual([1, 2, 3]);
      expect(player.seqs()).toEqual([3]);
      const event = chat('hello over the socket');
      player.publish(event);
      expect(await player.next('ack')).toEqual({ type: 'ack', id: event.id, seq: 4, duplicate: false });
      await eventually(() => {
        expect(gm.seqs()).toEqual([1, 2, 3, 4]);
        expect(player.seqs()).toEqual([3, 4]);
      });
      player.publish(event);
      expect(await player.next('ack')).toEqual({ type: 'ack', id: event.id, seq: 4, duplicate: true });
      // HTTP publishes reach sockets too; dice arrive as request + roll.
      await publish(campaign, users.gm.token, dice('2d6+3'));
      await eventually(() => {
        expect(player.seqs()).toEqual([3, 4, 5, 6]);
      });
      const roll = player.frames.at(-1);
      expect(roll?.type === 'event' ? roll.event.type : undefined).toBe('dev.rpgbot.party.dice-rolled.v1');
      expect(gm.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('refuses a viewer’s publish and forged types with `rejected`, keeping the socket open', async () => {
      const campaign = await party();
      const viewer = await socket(campaign, users.viewer.token);
      const player = await socket(campaign, users.player.token);
      await viewer.next('ready');
      await player.next('ready');
      const said = chat('viewer speaks');
      viewer.publish(said);
      expect(await viewer.next('rejected')).toMatchObject({ id: said.id, code: 'read_only' });
      player.publish({ specversion: '1.0', id: 'n1', type: 'dev.rpgbot.party.gm-notice.v1', data: { text: 'I am the GM now' } });
      expect(await player.next('rejected')).toMatchObject({ id: 'n1', code: 'forbidden_event_type' });
      player.publish({ ...dice('1d20'), type: 'dev.rpgbot.party.dice-rolled.v1' });
      expect(await player.next('rejected')).toMatchObject({ code: 'forbidden_event_type' });
      player.publish(dice('1d1'));
      expect(await player.next('rejected')).toMatchObject({ code: 'invalid_dice_expression' });
      player.publish(chat('still here'));
      expect(await player.next('ack')).toMatchObject({ seq: 3 });
      await eventually(() => {
        expect(viewer.seqs()).toEqual([1, 2, 3]);
      });
    });

    it('rejects malformed frames without closing, closes on oversize frames, and never crashes', async () => {
      const campaign = await party();
      const client = await socket(campaign, users.player.token);
      const bystander = await socket(campaign, users.gm.token);
      await client.next('ready');
      await bystander.next('ready');
      const malformed: (string | Buffer)[] = [
        'not json',
        '{"type":"publish"',
        '[]',
        'null',
        '{"type":"subscribe","event":{}}',
        '{"type":"publish","event":"text"}',
        '{"type":"publish","event":{},"extra":1}',
        Buffer.from([1, 2, 3]),
      ];
      for (const frame of malformed) {
        client.socket.send(frame);
        expect(await client.next('rejected'), String(frame)).toMatchObject({ code: 'malformed_frame' });
      }
      client.publish({ id: 'e1', type: 'dev.rpgbot.party.chat-message.v1', data: { text: 'no specversion' } });
      expect(await client.next('rejected')).toMatchObject({ id: 'e1', code: 'invalid_event' });
      client.publish({ ...chat('x'), type: 'dev.rpgbot.party.teleport.v1' });
      expect(await client.next('rejected')).toMatchObject({ code: 'unknown_event_type' });
      client.publish({ ...chat('x'), data: { text: 'x'.repeat(60_000) } });
      expect(await client.next('rejected')).toMatchObject({ code: 'invalid_event' });
      client.publish(chat('after all that'));
      expect(await client.next('ack')).toMatchObject({ seq: 3 });
      client.socket.send(JSON.stringify({ type: 'publish', event: chat('y'.repeat(70_000)) }));
      expect(await client.closed).toBe(closeCodes.TooLarge.code);
      bystander.publish(chat('the others are fine'));
      expect(await bystander.next('ack')).toMatchObject({ seq: 4 });
      expect((await page(campaign, users.gm.token)).headSeq).toBe(4);
    });

    it('closes sockets of non-members and bad tokens before sending anything', async () => {
      const campaign = await party();
      const stranger = await socket(campaign, users.stranger.token);
      expect(await stranger.closed).toBe(closeCodes.Forbidden.code);
      const forged = await socket(campaign, `${users.gm.token}x`);
      expect(await forged.closed).toBe(closeCodes.Unauthorized.code);
      const none = await partyClient(`${relay.stack.url.replace('http', 'ws')}/v1/party/${campaign.id}`);
      sockets.push(none);
      expect(await none.closed).toBe(closeCodes.Unauthorized.code);
      const unknown = await socket({ ...campaign, id: randomUUID() }, users.gm.token);
      expect(await unknown.closed).toBe(closeCodes.Forbidden.code);
      expect([...stranger.frames, ...forged.frames, ...none.frames, ...unknown.frames]).toEqual([]);
      expect((await relay.call('GET', `/v1/party/${campaign.id}`)).status).toBe(400);
    });

    it('closes a removed member’s socket (4403), tells the others, and shuts them out', async () => {
      const campaign = await party();
      const player = await socket(campaign, users.player.token);
      const gm = await socket(campaign, users.gm.token);
      await player.next('ready');
      await gm.next('ready');
      expect(
        (await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(users.player.id)}`, { token: users.gm.token })).status,
      ).toBe(204);
      expect(await player.closed).toBe(closeCodes.Forbidden.code);
      await eventually(() => {
        expect(gm.seqs()).toEqual([1, 2, 3]);
      });
      const left = gm.frames.at(-1);
      expect(left?.type === 'event' ? left.event : undefined).toMatchObject({
        seq: 3,
        type: 'dev.rpgbot.party.member-left.v1',
        actorid: users.player.id,
        data: { userId: users.player.id, name: 'Pip the player', reason: 'removed' },
      });
      expect(player.seqs()).toEqual([1, 2]);
      expect((await publish(campaign, users.player.token, chat('let me back'))).status).toBe(404);
      const again = await socket(campaign, users.player.token);
      expect(await again.closed).toBe(closeCodes.Forbidden.code);
      // Rejoining with an invite is announced again.
      await join(campaign, users.player.token, 'player');
      const events: PartyEventPage = await page(campaign, users.gm.token, '?since=3');
      expect(events.events.map((event) => event.type)).toEqual(['dev.rpgbot.party.member-joined.v1']);
    });

    it('exposes party metrics', async () => {
      const campaign = await party();
      const client = await socket(campaign, users.player.token);
      await client.next('ready');
      const metrics = await fetch(new URL('/metrics', relay.stack.url)).then((response) => response.text());
      expect(metrics).toMatch(/relay_party_connections \d+/);
      expect(metrics).toContain('relay_party_events_appended_total{type="dev.rpgbot.party.member-joined.v1"}');
      expect(metrics).toContain('relay_party_rejected_total{reason="read_only"}');
    });
  });
});
