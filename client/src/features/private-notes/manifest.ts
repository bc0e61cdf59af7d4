import type { FeatureManifest } from '../../shell/feature';
import { editorMessages } from '../shared/editor-messages';

const editor = editorMessages('private-notes');

/** My private notes: one doc per member that only they can read. */
export const manifest: FeatureManifest = {
  id: 'private-notes',
  scope: 'campaign',
  path: 'private',
  navLabel: 'private-notes.nav',
  order: 30,
  requiredRole: 'viewer',
  messages: {
    en: {
      ...editor.en,
      'private-notes.nav': 'My notes',
      'private-notes.title': 'My private notes',
      'private-notes.editorLabel': 'My private notes',
      'private-notes.intro': 'Only you can read these notes, on every device you sign in with.',
    },
    ru: {
      ...editor.ru,
      'private-notes.nav': 'Мои заметки',
      'private-notes.title': 'Мои личные заметки',
      'private-notes.editorLabel': 'Мои личные заметки',
      'private-notes.intro': 'Эти заметки видите только вы — на любом устройстве, где вы вошли.',
    },
  },
  load: () => import('./PrivateNotesPage'),
};
