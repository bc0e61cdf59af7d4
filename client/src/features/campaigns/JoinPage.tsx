import { useEffect, useRef, useState } from 'react';
import { useCampaignDirectory } from '../../shell/campaign-directory';
import type { AppFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { Link, navigate, pathFor } from '../../shell/router';
import { joinErrorKey } from './join-error';
import './campaigns.css';

/** `/join/:code` (and `/invite/:code`): accepts the invite, then opens the campaign. */
export default function JoinPage({ services, params }: AppFeatureProps) {
  const t = useT();
  const directory = useCampaignDirectory();
  const code = params.code ?? '';
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const started = useRef(-1);

  useEffect(() => {
    // Once per attempt, also under StrictMode's double effects (accepting is idempotent anyway).
    if (started.current === attempt) return;
    started.current = attempt;
    setError(null);
    services.api.acceptInvite(code).then(
      (campaign) => {
        directory.upsert(campaign);
        navigate(pathFor('campaigns/:campaignId', { campaignId: campaign.id }), { replace: true });
      },
      (failure: unknown) => {
        setError(failure);
      },
    );
  }, [services.api, directory, code, attempt]);

  const failure = error === null ? null : joinErrorKey(error);
  return (
    <section className="campaigns__join" aria-labelledby="join-title">
      <h1 id="join-title">{t('campaigns.join.title')}</h1>
      {failure === null ? (
        <p aria-busy="true">{t('campaigns.join.busy')}</p>
      ) : (
        <div role="alert" className="campaigns__error">
          <p>{failure.key.startsWith('campaigns.') ? t(failure.key) : t('campaigns.join.error', { message: t(failure.key) })}</p>
          {failure.retryable && (
            <button
              type="button"
              onClick={() => {
                setAttempt((n) => n + 1);
              }}
            >
              {t('campaigns.join.retry')}
            </button>
          )}
        </div>
      )}
      <p>
        <Link to="/">{t('campaigns.join.back')}</Link>
      </p>
    </section>
  );
}
