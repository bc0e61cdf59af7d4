import pkg from '../package.json' with { type: 'json' };

/** The jobs service's version, reported by /healthz. */
export const jobsVersion: string = pkg.version;
