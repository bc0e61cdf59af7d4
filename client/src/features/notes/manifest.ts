import type { FeatureManifest } from '../../shell/feature';
import { editorMessages } from '../shared/editor-messages';

const editor = editorMessages('notes');

/** Shared notes: the campaign's common markdown notes, edited together in real time. */
export const manifest: FeatureManifest = {
  id: 'notes',
  scope: 'campaign',
  path: 'notes',
  navLabel: 'notes.nav',
  order: 10,
  requiredRole: 'viewer',
  messages: {
    en: {
      ...editor.en,
      'notes.nav': 'Notes',
      'notes.title': 'Shared notes',
      'notes.editorLabel': 'Shared notes',
      'notes.intro': 'Everyone in the campaign sees these notes and can watch each other type.',
    },
    ru: {
      ...editor.ru,
      'notes.nav': 'Заметки',
      'notes.title': 'Общие заметки',
      'notes.editorLabel': 'Общие заметки',
      'notes.intro': 'Эти заметки видят все участники кампании и могут редактировать их вместе.',
    },
  },
  load: () => import('./NotesPage'),
};
