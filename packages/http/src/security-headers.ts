import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Origins allowed to embed the app in a frame: Telegram's web clients open Mini Apps in an iframe. */
export const FRAME_ANCESTORS = ["'self'", 'https://web.telegram.org'] as const;

/**
 * Security headers for the API and for the Vite-built SPA served from the same origin.
 * - Scripts only from our origin (Vite emits files, no inline scripts).
 * - Styles allow 'unsafe-inline': React `style` props and injected CSS would otherwise break, and
 *   inline styles cannot run code.
 * - connect-src adds ws:/wss: for the sync WebSocket (older Safari does not treat ws: as 'self').
 * - img/media allow data: and blob: for generated images and audio held in memory/IndexedDB.
 * - frame-ancestors lets Telegram Web embed the Mini App; X-Frame-Options is turned off because
 *   it cannot express that allow-list, and a SAMEORIGIN value would contradict the CSP.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: [...FRAME_ANCESTORS],
    },
    xFrameOptions: false,
  });
}
