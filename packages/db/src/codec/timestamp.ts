/**
 * Timestamps in PostgreSQL's ISO output style (DateStyle ISO, which both adapters use):
 * `2024-02-29 12:34:56.789012+05:30`, `0044-03-15 12:00:00 BC`, `infinity`.
 */
const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;

function num(text: string | undefined): number {
  return text === undefined ? 0 : Number(text);
}

/**
 * Parses a timestamp(tz) text into a Date. Without an offset (timestamp without time zone) the
 * wall-clock time is read as UTC. Microseconds are truncated to milliseconds (Date's precision).
 * Returns undefined for text it does not understand, including ±infinity (no Date can hold it).
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os, bc] = m;
  const year = bc === undefined ? num(y) : 1 - num(y);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, num(mo) - 1, num(d));
  date.setUTCHours(num(h), num(mi), num(s), ms);
  const offsetSeconds = (num(oh) * 3600 + num(om) * 60 + num(os)) * (sign === '-' ? -1 : 1);
  return new Date(date.getTime() - offsetSeconds * 1000);
}
