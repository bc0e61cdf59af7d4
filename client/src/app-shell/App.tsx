import { ServerStatusLine } from './ServerStatusLine';
import { useServerStatus } from './use-server-status';

/** The app shell: what RPG-Bot is and whether the server can be reached. Features come later. */
export function App() {
  const status = useServerStatus();
  return (
    <div className="app-shell">
      <header className="app-shell__header">
        <h1>RPG-Bot</h1>
      </header>
      <main className="app-shell__main">
        <p className="app-shell__tagline">
          An offline-first campaign companion for tabletop RPG groups: your campaign lives on your device and syncs with
          your party whenever a connection is there.
        </p>
      </main>
      <footer className="app-shell__footer" aria-label="Connection">
        <ServerStatusLine status={status} />
      </footer>
    </div>
  );
}
