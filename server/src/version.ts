import pkg from '../package.json' with { type: 'json' };

/** The all-in-one server's version, reported by /healthz. */
export const serverVersion: string = pkg.version;
