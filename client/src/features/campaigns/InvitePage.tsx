import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Invite, InviteRole } from '@rpg-bot/contracts';
import { errorMessageKey } from '../../api';
import type { CampaignFeatureProps } from '../../shell/feature';
import { useLocale, useT } from '../../shell/i18n';
import './campaigns.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** The GM's invite tab: pick a role, create a link, copy it. */
export default function InvitePage({ services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const locale = useLocale();
  const [role, setRole] = useState<InviteRole>('player');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCopy('idle');
    services.api.createInvite(campaign.id, role).then(
      (created) => {
        setBusy(false);
        setInvite(created);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  const copyLink = (url: string) => {
    // navigator.clipboard is missing outside secure contexts (plain http on a LAN address).
    const clipboard = window.isSecureContext ? (navigator.clipboard as Clipboard | undefined) : undefined;
    if (clipboard === undefined) {
      setCopy('failed');
      return;
    }
    clipboard.writeText(url).then(
      () => {
        setCopy('copied');
      },
      () => {
        setCopy('failed');
      },
    );
  };

  return (
    <section className="campaigns__invite" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('campaigns.invite.title')}</h2>
      <p>{t('campaigns.invite.intro')}</p>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('campaigns.invite.role')}</legend>
          {(['player', 'viewer'] as const).map((option) => (
            <label key={option} className="campaigns__radio">
              <input
                type="radio"
                name="invite-role"
                value={option}
                checked={role === option}
                onChange={() => {
                  setRole(option);
                }}
              />
              {option === 'player' ? t('campaigns.invite.rolePlayer') : t('campaigns.invite.roleViewer')}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? t('campaigns.invite.busy') : t('campaigns.invite.create')}
        </button>
        {error !== null && (
          <p role="alert" className="form-error">
            {t('campaigns.invite.error', { message: t(errorMessageKey(error)) })}
          </p>
        )}
      </form>
      {invite !== null && (
        <div className="campaigns__invite-result">
          <label htmlFor="invite-link">{t('campaigns.invite.link')}</label>
          <div className="campaigns__row">
            <input
              id="invite-link"
              readOnly
              value={invite.url}
              onFocus={(event) => {
                event.target.select();
              }}
            />
            <button
              type="button"
              onClick={() => {
                copyLink(invite.url);
              }}
            >
              {t('campaigns.invite.copy')}
            </button>
          </div>
          <p className="campaigns__hint">{t('campaigns.invite.expires', { date: new Date(invite.expiresAt).toLocaleString(locale) })}</p>
          <p aria-live="polite" className="campaigns__hint">
            {copy === 'copied' ? t('campaigns.invite.copied') : copy === 'failed' ? t('campaigns.invite.copyFailed') : ''}
          </p>
        </div>
      )}
    </section>
  );
}
