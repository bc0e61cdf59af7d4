// A TCP port that was free a moment ago: the OS picks one when we bind port 0.
import { createServer } from 'node:net';

/**
 * Binds 127.0.0.1:0, reads the port the OS chose and releases it. Another process may take the
 * port before the caller binds it; callers that start a server on it retry on "address in use".
 * @returns {Promise<number>}
 */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
