// Builds a realistic campaign document of a chosen encoded size from many small seeded edits
// (typed session notes with corrections and formatting, handouts, NPC records, a roll/chat log),
// and cuts its history into frames a client can upload under the relay's frame limit.
import * as Y from 'yjs';
import { between, pick, seededRandom } from '../../lib/random.mjs';
import { recordUploadFrames } from '../../lib/upload-frames.mjs';

const WORDS = (
  'the of and to a in goblin dragon tavern ranger rogue paladin cleric wizard bard druid sword shield ' +
  'torch dungeon corridor trap chest gold silver potion scroll spell initiative damage saving throw ' +
  'ancient ruin forest river bridge cave whisper shadow lantern map key door ladder guard captain ' +
  'merchant innkeeper priest temple altar rune crystal cursed blessed north south east west night ' +
  'morning storm camp rest ambush retreat charge sneak search perception stealth arcana history'
).split(' ');
const NAMES = 'Ada Brin Cora Dain Elra Fenn Gwen Hale Iris Joss Kael Lira Mott Nyx Orla Pike Quill Rook Sera Tamsin'.split(' ');

/**
 * @param {() => number} random
 * @param {number} minChars
 * @param {number} maxChars
 */
function prose(random, minChars, maxChars) {
  const target = between(random, minChars, maxChars);
  let text = '';
  while (text.length < target) {
    const word = pick(random, WORDS);
    text += text.length === 0 ? word[0]?.toUpperCase() + word.slice(1) : ` ${word}`;
    if (random() < 0.08) text += '.';
  }
  return `${text}. `;
}

/** Edits per game session: each session gets its own notes text and handout. */
const SESSION_EDITS = 400;

/**
 * One user edit, as one transaction (the doc's update event records it). Notes are one Y.Text per
 * session, so corrections land in a text of realistic size rather than one ever-growing text.
 * @param {Y.Doc} doc
 * @param {() => number} random
 * @param {number} step
 * @param {string[]} npcKeys keys of the NPCs created so far (kept by the caller)
 */
function edit(doc, random, step, npcKeys) {
  const roll = random();
  const session = Math.floor(step / SESSION_EDITS);
  const npcs = doc.getMap('npcs');
  if (roll < 0.42) {
    const sessions = doc.getMap('sessions');
    let notes = /** @type {Y.Text | undefined} */ (sessions.get(`session-${session}`));
    if (notes === undefined) {
      notes = new Y.Text();
      sessions.set(`session-${session}`, notes);
    }
    if (roll < 0.3 || notes.length < 100) notes.insert(notes.length, prose(random, 60, 240));
    else if (roll < 0.36) notes.insert(between(random, 0, notes.length), prose(random, 5, 40));
    else if (roll < 0.4) notes.delete(between(random, 0, notes.length - 40), between(random, 3, 30));
    else notes.format(between(random, 0, notes.length - 20), between(random, 4, 20), { bold: true });
  } else if (roll < 0.6) {
    const handouts = doc.getMap('handouts');
    let text = /** @type {Y.Text | undefined} */ (handouts.get(`handout-${session}`));
    if (text === undefined) {
      text = new Y.Text();
      handouts.set(`handout-${session}`, text);
    }
    text.insert(text.length, prose(random, 200, 700));
  } else if (roll < 0.85) {
    const at = 1_700_000_000_000 + step * 1000;
    doc.getArray('log').push([
      random() < 0.5
        ? { type: 'roll', who: pick(random, NAMES), expr: `${between(random, 1, 4)}d${pick(random, [4, 6, 8, 10, 12, 20])}+${between(random, 0, 5)}`, total: between(random, 1, 40), at }
        : { type: 'chat', who: pick(random, NAMES), text: prose(random, 20, 160), at },
    ]);
  } else if (roll < 0.9 || npcKeys.length === 0) {
    const npc = new Y.Map();
    npc.set('name', `${pick(random, NAMES)} the ${pick(random, WORDS)}`);
    npc.set('description', prose(random, 300, 1200));
    npc.set('stats', { ac: between(random, 10, 20), hp: between(random, 5, 120), str: between(random, 3, 18), dex: between(random, 3, 18) });
    npcs.set(`npc-${step}`, npc);
    npcKeys.push(`npc-${step}`);
  } else {
    const npc = /** @type {Y.Map<unknown>} */ (npcs.get(pick(random, npcKeys)));
    npc.set('stats', { ac: between(random, 10, 20), hp: between(random, 0, 120), str: between(random, 3, 18), dex: between(random, 3, 18) });
  }
}

/**
 * @typedef {object} CampaignDoc
 * @property {Y.Doc} doc
 * @property {Uint8Array} state the whole doc as one encoded update
 * @property {Uint8Array} stateVector
 * @property {number} edits transactions it took
 * @property {Uint8Array[]} frames the edit history merged into consecutive updates of at most `frameBytes` each
 */

/**
 * Builds a campaign doc whose encoded size just reaches `targetBytes`, from seeded edits.
 * @param {{ targetBytes: number, seed?: number, frameBytes?: number }} options
 * @returns {CampaignDoc}
 */
export function buildCampaignDoc({ targetBytes, seed = 1, frameBytes = 256 * 1024 }) {
  const random = seededRandom(seed);
  const doc = new Y.Doc();
  // A fixed client id: its encoded length is part of every struct, so a random one would change
  // the doc's size (and the number of edits to reach it) from run to run.
  doc.clientID = 1_000_000_000 + seed;
  const recorder = recordUploadFrames(doc, frameBytes);
  let edits = 0;
  /** @type {string[]} */
  const npcKeys = [];
  // The sum of the updates slightly overestimates the merged size; stop on it, then top up on the real size.
  let goal = targetBytes;
  for (;;) {
    while (recorder.totalBytes() < goal) edit(doc, random, edits++, npcKeys);
    const encoded = Y.encodeStateAsUpdate(doc).length;
    if (encoded >= targetBytes) break;
    goal += targetBytes - encoded;
  }
  const frames = recorder.finish();
  return { doc, state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc), edits, frames };
}
