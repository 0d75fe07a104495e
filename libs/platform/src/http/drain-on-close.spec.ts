import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainOnClose } from './drain-on-close';

function get(port: number, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('drainOnClose', () => {
  let server: Server;
  let agent: Agent;
  afterEach(async () => {
    agent.destroy();
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  async function start(delayMs: number): Promise<number> {
    server = createServer((_req, res) => setTimeout(() => res.end('ok'), delayMs));
    server.keepAliveTimeout = 65_000;
    drainOnClose(server);
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('answers the requests in flight, then closes within a second instead of after the keep-alive timeout', async () => {
    const port = await start(300);
    // One idle keep-alive connection and three busy ones when close() is called.
    expect((await get(port, agent)).status).toBe(200);
    const inFlight = [get(port, agent), get(port, agent), get(port, agent)];
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const closed = new Promise<number>((resolve) => server.close(() => resolve(Date.now() - t0)));
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await closed).toBeLessThan(1_000);
  });

  it('tells a client whose answer is written after close() that the connection closes', async () => {
    const port = await start(200);
    const inFlight = get(port, agent);
    await new Promise((r) => setTimeout(r, 100));
    server.close();
    expect(await inFlight).toEqual({ status: 200, connection: 'close' });
  });

  it('leaves keep-alive alone while the server is open, including after it listens again', async () => {
    const port = await start(0);
    expect(await get(port, agent)).toEqual({ status: 200, connection: 'keep-alive' });
    await new Promise((resolve) => server.close(resolve));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    // The old idle connection was closed with the server; a new client connects afresh.
    agent.destroy();
    agent = new Agent({ keepAlive: true });
    expect(await get(port, agent)).toEqual({ status: 200, connection: 'keep-alive' });
  });
});
