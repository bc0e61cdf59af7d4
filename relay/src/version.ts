import pkg from '../package.json' with { type: 'json' };

/** The relay's version, reported by /healthz. */
export const relayVersion: string = pkg.version;
