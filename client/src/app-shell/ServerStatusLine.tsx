import { statusText } from './server-status';
import type { ServerStatus } from './server-status';

export interface ServerStatusLineProps {
  readonly status: ServerStatus;
}

/**
 * The connection status as a polite live region: screen readers announce changes without
 * interrupting, and the text itself (not only the colour of the dot) carries the meaning.
 */
export function ServerStatusLine({ status }: ServerStatusLineProps) {
  return (
    <p className="server-status" data-status={status} role="status" aria-live="polite">
      <span className="server-status__dot" aria-hidden="true" />
      {statusText[status]}
    </p>
  );
}
