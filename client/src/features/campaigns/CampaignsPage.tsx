import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { errorMessageKey, isApiError } from '../../api';
import { useCampaignDirectory, useDirectoryState } from '../../shell/campaign-directory';
import type { AppFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { Link, navigate, pathFor } from '../../shell/router';
import './campaigns.css';

/** Home: the user's campaigns (from the device when offline) and a form to create one. */
export default function CampaignsPage({ services }: AppFeatureProps) {
  const t = useT();
  const directory = useCampaignDirectory();
  const { campaigns, loading, error, fromCache } = useDirectoryState(directory);
  const offline = isApiError(error) && error.code === 'offline';

  return (
    <div className="campaigns">
      <section aria-labelledby="campaigns-title">
        <h1 id="campaigns-title">{t('campaigns.title')}</h1>
        {campaigns === null && loading && <p aria-busy="true">{t('campaigns.loading')}</p>}
        {error !== null && !loading && (
          <div
            className={offline && campaigns !== null ? 'campaigns__notice' : 'campaigns__error'}
            role={offline && campaigns !== null ? undefined : 'alert'}
          >
            <p>
              {offline && campaigns !== null
                ? t('campaigns.offlineCached')
                : t('campaigns.loadError', { message: t(errorMessageKey(error)) })}
            </p>
            <button type="button" className="button--quiet" onClick={() => void directory.refresh()}>
              {t('campaigns.retry')}
            </button>
          </div>
        )}
        {campaigns !== null && campaigns.length === 0 && !(fromCache && loading) && (
          <p className="campaigns__empty">{t('campaigns.empty')}</p>
        )}
        {campaigns !== null && campaigns.length > 0 && (
          <ul className="campaigns__list" aria-label={t('campaigns.listLabel')}>
            {campaigns.map((campaign) => (
              <li key={campaign.id} className="campaigns__item">
                <Link to={pathFor('campaigns/:campaignId', { campaignId: campaign.id })} className="campaigns__link">
                  {campaign.title}
                </Link>
                <span className="campaigns__role" data-role={campaign.role}>
                  {t('campaigns.role', { role: t(`campaign.role.${campaign.role}`) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateCampaignForm create={(title) => services.api.createCampaign(title)} />
    </div>
  );
}

function CreateCampaignForm({ create }: { readonly create: AppFeatureProps['services']['api']['createCampaign'] }) {
  const t = useT();
  const directory = useCampaignDirectory();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed === '' || busy) return;
    setBusy(true);
    setError(null);
    create(trimmed).then(
      (campaign) => {
        directory.upsert(campaign);
        navigate(pathFor('campaigns/:campaignId', { campaignId: campaign.id }));
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <section className="campaigns__create" aria-labelledby="create-campaign-title">
      <h2 id="create-campaign-title">{t('campaigns.create.title')}</h2>
      <form onSubmit={submit}>
        <label htmlFor="campaign-title">{t('campaigns.create.label')}</label>
        <div className="campaigns__row">
          <input
            id="campaign-title"
            name="title"
            required
            maxLength={120}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
            }}
          />
          <button type="submit" disabled={busy}>
            {busy ? t('campaigns.create.busy') : t('campaigns.create.submit')}
          </button>
        </div>
        {error !== null && (
          <p role="alert" className="form-error">
            {t('campaigns.create.error', { message: t(errorMessageKey(error)) })}
          </p>
        )}
      </form>
    </section>
  );
}
