import { useT } from './i18n';
import { useUpdateWaiting } from './pwa';
import type { UpdateStore } from './pwa';

/** "Update available — reload", shown when a new service worker waits. */
export function UpdatePrompt({ updates }: { readonly updates: UpdateStore }) {
  const t = useT();
  const waiting = useUpdateWaiting(updates);
  if (!waiting) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>{t('pwa.updateAvailable')}</span>
      <button type="button" onClick={updates.apply}>
        {t('pwa.reload')}
      </button>
      <button type="button" className="button--quiet" onClick={updates.dismiss}>
        {t('pwa.later')}
      </button>
    </div>
  );
}
