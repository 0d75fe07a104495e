import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Makes `server.close()` finish as soon as the requests in flight are answered.
 *
 * Node closes the connections that are idle when `close()` is called, but a connection busy
 * with a request then stays open as an idle keep-alive connection for the whole
 * `keepAliveTimeout` (65 s here), so a SIGTERM waited that long before the store was closed and
 * the process exited. Once closing: answers whose headers are not yet written say
 * `Connection: close` (so the client does not send another request on that connection), and each
 * connection is closed the moment its answer is finished.
 */
export function drainOnClose(server: Server): void {
  let closing = false;
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    closing = true;
    close(callback);
    server.closeIdleConnections();
    return server;
  }) as Server['close'];
  // A server can listen again after a close (supertest listens and closes around each request).
  server.on('listening', () => {
    closing = false;
  });
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    const writeHead = res.writeHead;
    // Every answer passes here (an implicit header calls writeHead too).
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (closing && !this.headersSent) this.setHeader('Connection', 'close');
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    res.once('finish', () => {
      // After 'finish' the socket is released to the connection's idle list on the next tick.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
}
