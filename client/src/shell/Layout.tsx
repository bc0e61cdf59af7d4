import type { ReactNode } from 'react';
import { useT } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { Link, usePathname } from './router';
import { useOnline } from './use-online';

export interface NavItem {
  readonly to: string;
  readonly label: string;
}

export interface LayoutProps {
  readonly nav?: readonly NavItem[];
  readonly user?: { readonly name: string; readonly onSignOut: () => void };
  readonly banner?: ReactNode;
  readonly children?: ReactNode;
}

/** Header (brand, app navigation, language, user), an optional banner, and the main region. */
export function Layout({ nav = [], user, banner, children }: LayoutProps) {
  const t = useT();
  const online = useOnline();
  const pathname = usePathname();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell__header">
        <Link to="/" className="shell__brand" aria-label={t('shell.home')}>
          {t('shell.appName')}
        </Link>
        {nav.length > 0 && (
          <nav className="shell__nav" aria-label={t('shell.nav')}>
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={pathname === item.to ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="shell__tools">
          {!online && <span className="shell__offline">{t('shell.offline')}</span>}
          <LanguageSwitch />
          {user !== undefined && (
            <>
              <span className="shell__user" title={t('shell.signedInAs', { name: user.name })}>
                {user.name}
              </span>
              <button type="button" className="button--quiet" onClick={user.onSignOut}>
                {t('shell.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {banner}
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
