import type { FeatureManifest } from '../../shell/feature';
import { editorMessages } from '../shared/editor-messages';

const editor = editorMessages('gm-secrets');

/** GM secrets: notes only the GM's devices ever open or store. */
export const manifest: FeatureManifest = {
  id: 'gm-secrets',
  scope: 'campaign',
  path: 'gm',
  navLabel: 'gm-secrets.nav',
  order: 20,
  requiredRole: 'gm',
  messages: {
    en: {
      ...editor.en,
      'gm-secrets.nav': 'GM secrets',
      'gm-secrets.title': 'GM secrets',
      'gm-secrets.editorLabel': 'GM secrets',
      'gm-secrets.intro': 'Only you, the GM, can see these notes. They are never sent to players’ devices.',
      'gm-secrets.forbidden': 'Only the GM of this campaign can open the GM secrets.',
    },
    ru: {
      ...editor.ru,
      'gm-secrets.nav': 'Секреты ведущего',
      'gm-secrets.title': 'Секреты ведущего',
      'gm-secrets.editorLabel': 'Секреты ведущего',
      'gm-secrets.intro': 'Эти заметки видите только вы, ведущий. Они никогда не попадают на устройства игроков.',
      'gm-secrets.forbidden': 'Секреты ведущего может открыть только ведущий этой кампании.',
    },
  },
  load: () => import('./GmSecretsPage'),
};
