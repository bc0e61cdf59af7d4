import type { CampaignFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { NotesDocument } from '../shared/NotesDocument';
import { canEdit } from '../shared/roles';
import './notes.css';

/** The campaign's shared notes; viewers read, players and the GM edit. */
export default function NotesPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  return (
    <section className="notes-page" aria-labelledby="notes-title">
      <h2 id="notes-title" className="notes-page__title">
        {t('notes.title')}
      </h2>
      <p className="notes-page__intro">{t('notes.intro')}</p>
      <NotesDocument
        docs={services.docs}
        docId={campaign.docs.shared}
        session={session}
        label={t('notes.editorLabel')}
        readOnly={!canEdit(campaign.role)}
        messages="notes"
        narration={{ services, campaignId: campaign.id, canAsk: canEdit(campaign.role) }}
      />
    </section>
  );
}
