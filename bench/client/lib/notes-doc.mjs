// Builds the shared doc of a long campaign: its `notes` Y.Text (what the Notes editor shows)
// written by several authors over many sessions — appended sentences, corrections in the middle,
// deletions, bold words, list items — from seeded edits until the encoded doc reaches a target
// size; and cuts its history into frames a client can upload under the relay's frame limit.
import * as Y from 'yjs';
import { between, pick, seededRandom } from '../../lib/random.mjs';
import { recordUploadFrames } from '../../lib/upload-frames.mjs';

/** The first line of every generated notes text: the cold start waits for it in the editor. */
export const NOTES_TITLE = 'The Sunken Crown: campaign notes';

const WORDS = (
  'the of and to a in goblin dragon tavern ranger rogue paladin cleric wizard bard druid sword shield ' +
  'torch dungeon corridor trap chest gold silver potion scroll spell initiative damage saving throw ' +
  'ancient ruin forest river bridge cave whisper shadow lantern map key door ladder guard captain ' +
  'merchant innkeeper priest temple altar rune crystal cursed blessed north south east west night'
).split(' ');
const NAMES = 'Ada Brin Cora Dain Elra Fenn Gwen Hale Iris Joss Kael Lira'.split(' ');
/** Authors of the notes: a GM and four players, each with a fixed client id (sizes stay stable). */
const AUTHORS = 5;
/** Edits per game session (each starts with a heading). */
const SESSION_EDITS = 300;

/**
 * @param {() => number} random
 * @param {number} minChars
 * @param {number} maxChars
 */
function sentence(random, minChars, maxChars) {
  const target = between(random, minChars, maxChars);
  let text = pick(random, NAMES);
  while (text.length < target) text += ` ${pick(random, WORDS)}`;
  return `${text}. `;
}

/**
 * One author's edit of the notes, as one transaction of that author's doc.
 * @param {Y.Text} notes
 * @param {() => number} random
 * @param {number} step
 * @param {number} headerLength characters of the title line, never edited
 */
function edit(notes, random, step, headerLength) {
  if (step % SESSION_EDITS === 0) {
    notes.insert(notes.length, `\n\n## Session ${step / SESSION_EDITS + 1}\n\n`);
    return;
  }
  const roll = random();
  const editable = notes.length - headerLength;
  if (roll < 0.6 || editable < 200) {
    notes.insert(notes.length, sentence(random, 40, 200));
  } else if (roll < 0.7) {
    notes.insert(notes.length, `\n- ${sentence(random, 15, 60)}`);
  } else if (roll < 0.82) {
    notes.insert(headerLength + between(random, 0, editable), sentence(random, 5, 30));
  } else if (roll < 0.94) {
    notes.delete(headerLength + between(random, 0, editable - 40), between(random, 3, 30));
  } else {
    const at = headerLength + between(random, 0, editable - 20);
    const length = between(random, 4, 12);
    notes.insert(at + length, '**');
    notes.insert(at, '**');
  }
}

/**
 * @typedef {object} NotesDoc
 * @property {Y.Doc} doc the doc itself (shaped like the relay bench's CampaignDoc, so its upload() takes it)
 * @property {Uint8Array} state the whole doc as one encoded update
 * @property {Uint8Array} stateVector
 * @property {number} edits transactions it took
 * @property {number} textLength characters of the notes text
 * @property {Uint8Array[]} frames the edit history merged into consecutive updates of at most `frameBytes` each
 */

/**
 * Builds a shared doc whose encoded size just reaches `targetBytes`. Each edit is made under one of
 * several authors' client ids (one `Y.Doc` whose `clientID` changes between transactions, which is
 * what several synced devices produce), so adjacent insertions of different authors do not merge.
 * @param {{ targetBytes: number, seed?: number, frameBytes?: number }} options
 * @returns {NotesDoc}
 */
export function buildNotesDoc({ targetBytes, seed = 1, frameBytes = 256 * 1024 }) {
  const random = seededRandom(seed);
  const doc = new Y.Doc();
  const authors = Array.from({ length: AUTHORS }, (_, index) => 1_000_000 * seed + index + 1);
  const notes = doc.getText('notes');
  const recorder = recordUploadFrames(doc, frameBytes);
  const header = `# ${NOTES_TITLE}\n`;
  doc.clientID = authors[0] ?? 1;
  notes.insert(0, header);
  let edits = 1;
  // The sum of the updates overestimates the merged size; stop on it, then top up on the real size.
  let goal = targetBytes;
  for (;;) {
    while (recorder.totalBytes() < goal) {
      doc.clientID = authors[Math.floor(random() * authors.length)] ?? 1;
      doc.transact(() => {
        edit(notes, random, edits++, header.length);
      });
    }
    const encoded = Y.encodeStateAsUpdate(doc).length;
    if (encoded >= targetBytes) break;
    goal += targetBytes - encoded;
  }
  const frames = recorder.finish();
  const state = Y.encodeStateAsUpdate(doc);
  const textLength = notes.length;
  return { doc, state, stateVector: Y.encodeStateVectorFromUpdate(state), edits, textLength, frames };
}
