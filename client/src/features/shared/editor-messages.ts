import type { Messages } from '../../shell/feature';

/**
 * Strings of the shared editor screens. Every feature that shows an editor merges a copy under its
 * own id (`notes.editor.here`, `gm-secrets.editor.here` …), so keys stay prefixed by feature id.
 */
const en: Messages = {
  here: 'Here now',
  you: '{name} (you)',
  loading: 'Opening…',
  error: 'This document could not be opened on this device.',
  readOnly: 'You can read these notes; only players and the GM can edit them.',
};

const ru: Messages = {
  here: 'Сейчас здесь',
  you: '{name} (вы)',
  loading: 'Открываем…',
  error: 'Не удалось открыть документ на этом устройстве.',
  readOnly: 'Вы можете читать эти заметки; редактировать их могут только игроки и ведущий.',
};

function prefixed(prefix: string, messages: Messages): Messages {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [`${prefix}.editor.${key}`, value]));
}

/** The editor strings under `<featureId>.editor.*` in both languages. */
export function editorMessages(featureId: string): { readonly en: Messages; readonly ru: Messages } {
  return { en: prefixed(featureId, en), ru: prefixed(featureId, ru) };
}
