// Types for chromium.mjs, so the TypeScript Playwright config can import it.
export interface ChromiumOptions {
  /** Where CHROMIUM_PATH and PATH are read (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Checked before PATH (default: /usr/bin/chromium, /usr/bin/chromium-browser). */
  readonly standardPaths?: readonly string[];
  /** Whether apt-get may be used (default: root on a Debian/Ubuntu machine with apt-get). */
  readonly mayInstall?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * Path of a Chromium executable: CHROMIUM_PATH when set, else /usr/bin/chromium or chromium on
 * PATH; installs the Debian package when root on Debian/Ubuntu; throws with instructions otherwise.
 */
export function ensureChromium(options?: ChromiumOptions): string;
