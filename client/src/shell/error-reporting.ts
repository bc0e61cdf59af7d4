import type { ClientErrorReport } from '@rpg-bot/contracts';

/** Field limits of contracts/jsonschema/client-error-report.json (in code points). */
const LIMITS = { message: 2000, stack: 16000, url: 2000, userAgent: 512 } as const;

function clip(text: string, max: number): string {
  const points = Array.from(text); // the schema counts code points
  return points.length <= max ? text : points.slice(0, max).join('');
}

/** Builds a report that fits the schema from anything thrown; the URL keeps no query or hash (tokens, launch data). */
export function toClientErrorReport(
  error: unknown,
  context: { readonly url: string; readonly userAgent: string; readonly now: Date },
): ClientErrorReport {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const url = new URL(context.url);
  const report: ClientErrorReport = {
    message: clip(message === '' ? 'Unknown error' : message, LIMITS.message),
    occurredAt: context.now.toISOString(),
    url: clip(`${url.origin}${url.pathname}`, LIMITS.url),
    userAgent: clip(context.userAgent, LIMITS.userAgent),
  };
  if (error instanceof Error && error.stack !== undefined) report.stack = clip(error.stack, LIMITS.stack);
  return report;
}

export interface ErrorReporterOptions {
  readonly send: (report: ClientErrorReport) => Promise<void>;
  /** At most this many reports per page load: a render loop must not flood the relay. */
  readonly maxReports?: number;
}

/** Sends uncaught errors to the relay, best effort (offline errors are dropped, never retried). */
export function createErrorReporter(options: ErrorReporterOptions): (error: unknown) => void {
  let left = options.maxReports ?? 5;
  return (error) => {
    if (left <= 0) return;
    left -= 1;
    const report = toClientErrorReport(error, { url: window.location.href, userAgent: navigator.userAgent, now: new Date() });
    options.send(report).catch(() => undefined);
  };
}

/** Reports `error` and `unhandledrejection` events of the window. */
export function reportUncaughtErrors(report: (error: unknown) => void): () => void {
  const onError = (event: ErrorEvent) => {
    report(event.error ?? event.message);
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    report(event.reason);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
