import { randomUUID } from 'node:crypto';
import { validators } from '@rpg-bot/contracts';
import type { PartyServerFrame } from '@rpg-bot/contracts';
import { createLogger } from '@rpg-bot/observability';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import type { CampaignRole } from '@rpg-bot/contracts';
import { InMemoryPartyLog } from './in-memory-party-log';
import { PartyConnection } from './party-connection';
import type { PartySocket } from './party-connection';
import { createPartyMetrics } from './party-metrics';
import { PartyRooms } from './party-rooms';
import { PartyService } from './party-service';

const logger = createLogger({ level: 'silent' });
const t0 = Date.parse('2026-12-01T12:00:00.000Z');

/** One relay process in memory: log, service, rooms; sockets are recorders; timers are manual. */
function world() {
  const log = new InMemoryPartyLog();
  const metrics = createPartyMetrics(new Registry());
  const rooms = new PartyRooms({ log, metrics, logger });
  const clock = { now: t0 };
  const roles = new Map<string, CampaignRole>([
    ['gm', 'gm'],
    ['pip', 'player'],
  ]);
  const service = new PartyService({
    log,
    metrics,
    now: () => clock.now,
    randomInt: (min) => min,
    onAppended: (campaignId, events) => {
      rooms.announce(campaignId, events);
    },
  });
  const timers: { fn: () => void; at: number }[] = [];
  const roleOf = (_campaignId: string, userId: string) => Promise.resolve(roles.get(userId));
  const connect = (userId: string, since = 0, expiresInMs = 60_000, sessionId = `session-of-${userId}`) => {
    const frames: PartyServerFrame[] = [];
    let closedWith: number | undefined;
    const socket: PartySocket = {
      send: (text) => {
        const checked = validators.partyServerFrame(JSON.parse(text));
        if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
        frames.push(checked.value);
      },
      close: (code) => {
        closedWith = code;
      },
    };
    const connection = new PartyConnection(
      socket,
      { campaignId: 'c1', userId, name: userId, sessionId, expiresAt: new Date(clock.now + expiresInMs), logger },
      {
        service,
        roleOf,
        metrics,
        now: () => clock.now,
        setTimer: (fn, ms) => {
          const timer = { fn, at: clock.now + ms };
          timers.push(timer);
          return { clear: () => { timers.splice(timers.indexOf(timer), 1); } };
        },
      },
    );
    rooms.join(connection, since);
    return {
      connection,
      frames,
      closedWith: () => closedWith,
      seqs: () => frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : [])),
    };
  };
  const advance = (ms: number) => {
    clock.now += ms;
    for (const timer of timers.filter((candidate) => candidate.at <= clock.now)) timer.fn();
  };
  const chat = (text: string) => ({ specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text } });
  const say = (userId: string, text: string) => service.publish('c1', { userId, name: userId, role: roles.get(userId) ?? 'viewer' }, chat(text));
  return { log, rooms, roles, service, connect, advance, say, chat };
}

describe('PartyRooms and PartyConnection', () => {
  it('delivers every event exactly once and in order while sockets join during a stream of commits', async () => {
    const w = world();
    await w.say('gm', 'zero');
    const early = w.connect('gm');
    const writes: Promise<unknown>[] = [];
    const late: ReturnType<typeof w.connect>[] = [];
    for (let index = 0; index < 30; index += 1) {
      writes.push(w.say(index % 2 === 0 ? 'gm' : 'pip', `m${String(index)}`));
      if (index % 10 === 5) late.push(w.connect('pip', index % 20 === 5 ? 0 : 3));
    }
    await Promise.all(writes);
    await w.rooms.idle('c1');
    const all = Array.from({ length: 31 }, (_, index) => index + 1);
    expect(early.seqs()).toEqual(all);
    expect(late[0]?.seqs()).toEqual(all);
    expect(late[1]?.seqs()).toEqual(all.slice(3));
    for (const socket of [early, ...late]) expect(socket.frames.filter((frame) => frame.type === 'ready')).toHaveLength(1);
  });

  it('answers publish frames in order with ack after commit, and rejects without closing', async () => {
    const w = world();
    const pip = w.connect('pip');
    await w.rooms.idle('c1');
    const first = w.chat('one');
    pip.connection.receive({ text: JSON.stringify({ type: 'publish', event: first }) });
    pip.connection.receive({ text: '{"type":"publish"}' });
    pip.connection.receive({ binaryBytes: 10 });
    pip.connection.receive({ text: JSON.stringify({ type: 'publish', event: first }) });
    await vi.waitFor(() => {
      expect(pip.frames.filter((frame) => frame.type !== 'event' && frame.type !== 'ready').map((frame) => frame.type)).toEqual(['ack', 'rejected', 'rejected', 'ack']);
    });
    expect(pip.frames.filter((frame) => frame.type === 'ack')).toEqual([
      { type: 'ack', id: first.id, seq: 1, duplicate: false },
      { type: 'ack', id: first.id, seq: 1, duplicate: true },
    ]);
    expect(pip.closedWith()).toBeUndefined();
  });

  it('closes with 4401 when the token expires, and with 4413 on an oversize frame', async () => {
    const w = world();
    const pip = w.connect('pip', 0, 30_000);
    const gm = w.connect('gm', 0, 120_000);
    await w.rooms.idle('c1');
    w.advance(29_999);
    expect(pip.closedWith()).toBeUndefined();
    w.advance(1);
    expect(pip.closedWith()).toBe(closeCodes.Unauthorized.code);
    expect(gm.closedWith()).toBeUndefined();
    gm.connection.receive({ text: 'x'.repeat(64 * 1024 + 1) });
    expect(gm.closedWith()).toBe(closeCodes.TooLarge.code);
  });

  it('closes a socket whose user was removed when it next publishes, and on a member-left event from anywhere', async () => {
    const w = world();
    const pip = w.connect('pip');
    const gm = w.connect('gm');
    await w.rooms.idle('c1');
    w.roles.delete('pip');
    pip.connection.receive({ text: JSON.stringify({ type: 'publish', event: w.chat('still here?') }) });
    await vi.waitFor(() => {
      expect(pip.closedWith()).toBe(closeCodes.Forbidden.code);
    });
    const again = w.connect('pip');
    await w.rooms.idle('c1');
    // As another relay's member-left arrives: stored, then announced to this process's room.
    await w.service.membershipChanged({ campaignId: 'c1', userId: 'pip', name: 'Pip', role: 'player', change: 'removed' });
    await w.rooms.idle('c1');
    expect(again.closedWith()).toBe(closeCodes.Forbidden.code);
    expect(gm.seqs()).toEqual([1]);
    expect(gm.closedWith()).toBeUndefined();
  });

  it('closes every socket of a signed-out session with 4401, in every room, and no other', async () => {
    const w = world();
    const phone = w.connect('pip', 0, 60_000, 'pip-phone');
    const tablet = w.connect('pip', 0, 60_000, 'pip-phone');
    const laptop = w.connect('pip', 0, 60_000, 'pip-laptop');
    const gm = w.connect('gm');
    await w.rooms.idle('c1');
    expect(w.rooms.closeSession('pip-phone')).toBe(2);
    expect(phone.closedWith()).toBe(closeCodes.Unauthorized.code);
    expect(tablet.closedWith()).toBe(closeCodes.Unauthorized.code);
    expect(laptop.closedWith()).toBeUndefined();
    expect(gm.closedWith()).toBeUndefined();
    // A closed socket publishes nothing more.
    phone.connection.receive({ text: JSON.stringify({ type: 'publish', event: w.chat('after logout') }) });
    await w.say('gm', 'still on');
    await w.rooms.idle('c1');
    expect(laptop.seqs()).toEqual([1]);
    expect(w.rooms.closeSession('pip-phone')).toBe(0);
  });

  it('catches up from the log when an announcement skips seqs (another relay committed them)', async () => {
    const w = world();
    const gm = w.connect('gm');
    await w.rooms.idle('c1');
    // Commits nobody announced (as if made by another process whose NOTIFY is still on its way).
    const at = new Date(t0);
    for (const text of ['a', 'b']) {
      const id = randomUUID();
      await w.log.append('c1', [{ eventId: id, actorId: 'gm', type: 'dev.rpgbot.party.chat-message.v1', envelope: { ...w.chat(text), id, source: '/campaigns/c1', time: at.toISOString(), actorid: 'gm', actorname: 'gm' }, createdAt: at }]);
    }
    await w.say('pip', 'c');
    await w.rooms.idle('c1');
    expect(gm.seqs()).toEqual([1, 2, 3]);
  });
});
