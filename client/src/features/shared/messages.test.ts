/**
 * Every message key the campaign features use exists in their manifests: literal `t('…')` keys
 * found in the sources, and the families built at run time (dice problems, modes, roles, ability
 * names, plural forms …). The shell's test checks that en and ru have the same keys.
 */
import { describe, expect, it } from 'vitest';
import type { Messages } from '../../shell/feature';
import { manifest as characters } from '../characters/manifest';
import { abilities } from '../characters/character-model';
import { manifest as gmSecrets } from '../gm-secrets/manifest';
import { manifest as history } from '../history/manifest';
import { manifest as media } from '../media/manifest';
import { manifest as notes } from '../notes/manifest';
import { manifest as party } from '../party/manifest';
import { manifest as privateNotes } from '../private-notes/manifest';

const manifests = [notes, gmSecrets, privateNotes, characters, party, history, media];
const en: Messages = Object.assign({}, ...manifests.map((m) => m.messages.en)) as Messages;

const sources = import.meta.glob<string>(['../{notes,gm-secrets,private-notes,characters,party,history,media,shared}/*.{tsx,ts}'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('feature messages', () => {
  it('prefixes every key with its feature id', () => {
    for (const m of manifests) {
      for (const key of Object.keys(m.messages.en)) expect(key.startsWith(`${m.id}.`), key).toBe(true);
    }
  });

  it('has every literal key the components use', () => {
    const used = new Set<string>();
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) if (match[1] !== undefined) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !key.startsWith('error.') && en[key] === undefined);
    expect(missing).toEqual([]);
  });

  it('has every key built at run time', () => {
    const dynamic = [
      ...['empty', 'tooLong', 'syntax', 'count', 'sides', 'keep', 'tooManyDice', 'modeNeedsD20'].map((p) => `party.dice.error.${p}`),
      ...['normal', 'advantage', 'disadvantage'].map((m) => `party.mode.${m}`),
      'party.withMode.advantage',
      'party.withMode.disadvantage',
      ...['gm', 'player', 'viewer'].map((r) => `party.role.${r}`),
      ...['read_only', 'forbidden_event_type', 'invalid_dice_expression', 'rate_limited', 'other'].map((c) => `party.failed.${c}`),
      ...['offline', 'offlinePending', 'forbidden', 'unauthorized'].map((state) => `party.${state}`),
      ...abilities.map((a) => `characters.ability.${a}`),
      ...['level', 'hpCurrent', 'hpMax'].map((f) => `characters.${f}`),
      ...['required', 'notInteger', 'range'].map((e) => `characters.error.${e}`),
      ...['shared', 'private', 'gm'].map((k) => `history.doc.${k}`),
      ...['portrait', 'image', 'narration'].map((kind) => `party.media.${kind}`),
      ...['tts', 'img', 'avatar'].flatMap((mode) => [`media.mode.${mode}`, `media.submit.${mode}`]),
      ...['768x512', '512x512', '512x768', '1024x1024'].map((size) => `media.img.size.${size}`),
      ...['device', 'sending', 'refused', 'queued', 'running', 'runningProgress', 'ready', 'cancelled', 'failed'].map((s) => `media.status.${s}`),
      ...['provider_timeout', 'provider_unavailable', 'provider_refused', 'provider_failed', 'invalid_output', 'cancelled'].map((c) => `media.error.${c}`),
      ...['notes', 'gm-secrets', 'private-notes', 'characters'].flatMap((id) =>
        ['here', 'you', 'loading', 'error', 'readOnly'].map((key) => `${id}.editor.${key}`),
      ),
    ];
    expect(dynamic.filter((key) => en[key] === undefined)).toEqual([]);
  });
});
