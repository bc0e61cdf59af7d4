import { locales, useLocale, useSetLocale, useT, isLocale } from './i18n';
import { localeNames } from './messages';

/** A native select: keyboard and screen-reader friendly with no extra code. */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const setLocale = useSetLocale();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('shell.language')}</span>
      <select
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) setLocale(event.target.value);
        }}
      >
        {locales.map((option) => (
          <option key={option} value={option} lang={option}>
            {localeNames[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
