// Types for free-port.mjs, so TypeScript (the Playwright config) can import it.
/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it when binding port 0). */
export function findFreePort(): Promise<number>;
