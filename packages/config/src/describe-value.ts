const MAX_SHOWN = 60;

/**
 * How a bad value is shown in an error message: quoted and shortened, so control characters and
 * huge pastes stay on one readable line; a secret is never echoed, only its form.
 */
export function describeValue(value: string, secret: boolean): string {
  if (secret) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
    const form = scheme === undefined ? 'no URL scheme' : `scheme "${scheme}:"`;
    return `a ${value.length}-character value with ${form}; not shown because it may contain a password`;
  }
  if (value.length <= MAX_SHOWN) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_SHOWN))}… (${value.length} characters)`;
}
