import { createContext, useContext } from 'react';
import type { SessionManager } from './session';
import type { TelegramLaunch } from './telegram';

/** What the shell's own components share; features get their props instead. */
export interface ShellContextValue {
  readonly telegram: TelegramLaunch;
  readonly sessions: SessionManager;
  /** Sends an uncaught error to the relay's diagnostics endpoint (best effort). */
  readonly reportError: (error: unknown) => void;
}

export const ShellContext = createContext<ShellContextValue | null>(null);

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (value === null) throw new Error('useShell must be used inside <App>');
  return value;
}
