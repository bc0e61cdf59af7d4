import type { CampaignFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { NotesDocument } from '../shared/NotesDocument';
import './private-notes.css';

/** This member's private notes; every member, viewers included, writes in their own. */
export default function PrivateNotesPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  return (
    <section className="private-notes-page" aria-labelledby="private-notes-title">
      <h2 id="private-notes-title" className="private-notes-page__title">
        {t('private-notes.title')}
      </h2>
      <p className="private-notes-page__intro">{t('private-notes.intro')}</p>
      <NotesDocument
        docs={services.docs}
        docId={campaign.docs.private}
        session={session}
        label={t('private-notes.editorLabel')}
        readOnly={false}
        messages="private-notes"
      />
    </section>
  );
}
