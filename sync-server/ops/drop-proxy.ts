/**
 * An HTTP proxy for the chaos run that loses replies: every request is forwarded to the
 * server and its whole answer read, and then, with probability `dropRate`, the client's
 * connection is destroyed instead of the answer being relayed. The server has processed
 * the request (a push is stored), the client sees a network error and must retry: the
 * case a phone meets when its signal drops mid-answer. An unreachable server also shows
 * as a network error (not a 502), so 5xx counts stay the server's own.
 * Buffers whole answers: not for the SSE stream.
 */
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';

export type DropProxy = {
  port: number;
  /** Share of answers dropped after the server processed the request (0–1). */
  dropRate: number;
  dropped: number;
  forwarded: number;
  close(): Promise<void>;
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

export async function startDropProxy(
  target: { host: string; port: number },
  random = Math.random,
): Promise<DropProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const state = { dropRate: 0, dropped: 0, forwarded: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...forwardable(req.headers), 'content-length': String(body.length) },
        },
        (up) => {
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => answer.push(c));
          up.on('end', () => {
            state.forwarded++;
            if (random() < state.dropRate) {
              state.dropped++;
              req.socket.destroy();
              return;
            }
            const bytes = Buffer.concat(answer);
            res.writeHead(up.statusCode ?? 502, {
              ...forwardable(up.headers),
              'content-length': String(bytes.length),
            });
            res.end(bytes);
          });
          up.on('error', () => req.socket.destroy());
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get dropRate() {
      return state.dropRate;
    },
    set dropRate(v: number) {
      state.dropRate = v;
    },
    get dropped() {
      return state.dropped;
    },
    get forwarded() {
      return state.forwarded;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
