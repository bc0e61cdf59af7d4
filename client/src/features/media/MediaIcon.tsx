/** The three media kinds as small line icons (inline SVG: no icon font, no emoji that a system may lack). */
export function MediaIcon({ kind }: { readonly kind: 'tts' | 'img' | 'avatar' }) {
  return (
    <svg className="media-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      {kind === 'tts' ? (
        <>
          <path d="M4 9h4l5-4v14l-5-4H4z" />
          <path d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />
        </>
      ) : kind === 'img' ? (
        <>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <path d="m3 16 5-5 4 4 3-3 6 6" />
          <circle cx="16" cy="9" r="1.6" />
        </>
      ) : (
        <>
          <circle cx="12" cy="8.5" r="4" />
          <path d="M4.5 20a7.5 7.5 0 0 1 15 0" />
        </>
      )}
    </svg>
  );
}
