import type { CampaignFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { NotesDocument } from '../shared/NotesDocument';
import { gmDocIdFor } from './gm-doc';
import './gm-secrets.css';

/** The GM's secret notes. For anyone else nothing is opened; the shell hides the tab too. */
export default function GmSecretsPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const docId = gmDocIdFor(campaign);
  return (
    <section className="gm-secrets-page" aria-labelledby="gm-secrets-title">
      <h2 id="gm-secrets-title" className="gm-secrets-page__title">
        {t('gm-secrets.title')}
      </h2>
      {docId === null ? (
        <p className="gm-secrets-page__forbidden" role="alert">
          {t('gm-secrets.forbidden')}
        </p>
      ) : (
        <>
          <p className="gm-secrets-page__intro">{t('gm-secrets.intro')}</p>
          <NotesDocument
            docs={services.docs}
            docId={docId}
            session={session}
            label={t('gm-secrets.editorLabel')}
            readOnly={false}
            messages="gm-secrets"
          />
        </>
      )}
    </section>
  );
}
