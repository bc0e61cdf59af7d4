import type { ArtifactRef, MediaStore } from '../../data';
import { useT } from '../../shell/i18n';
import { useResultUrl } from './use-media';
import './media-result.css';

export interface MediaResultProps {
  readonly media: MediaStore;
  readonly result: ArtifactRef;
  /** The picture's alternative text or the recording's accessible name, already translated. */
  readonly label: string;
  readonly width?: number;
  readonly height?: number;
  /** `portrait` shows a round thumbnail; `card` a full-width picture. */
  readonly variant?: 'portrait' | 'card' | 'thumb';
}

/** A finished picture or narration, from the device's copy (downloaded once, then shown offline). */
export function MediaResult({ media, result, label, width, height, variant = 'card' }: MediaResultProps) {
  const t = useT();
  const state = useResultUrl(media, result);
  const isAudio = result.mime === 'audio/wav';
  if (state.status !== 'ready') {
    return (
      <div
        className={`media-result media-result--${isAudio ? 'audio' : variant} media-result--${state.status}`}
        role={state.status === 'unavailable' ? 'note' : undefined}
        aria-busy={state.status === 'loading' ? 'true' : undefined}
      >
        {state.status === 'loading' ? t('media.result.loading') : t('media.result.unavailable')}
      </div>
    );
  }
  if (isAudio) return <audio className="media-result media-result--audio" controls preload="metadata" src={state.url} aria-label={label} />;
  return (
    <img
      className={`media-result media-result--${variant}`}
      src={state.url}
      alt={label}
      {...(width === undefined ? {} : { width })}
      {...(height === undefined ? {} : { height })}
    />
  );
}
