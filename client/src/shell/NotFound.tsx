import { useT } from './i18n';
import { Link } from './router';

export function NotFound() {
  const t = useT();
  return (
    <section className="shell-message" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('shell.notFound.title')}</h1>
      <p>{t('shell.notFound.body')}</p>
      <Link to="/">{t('shell.notFound.home')}</Link>
    </section>
  );
}
