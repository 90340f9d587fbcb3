/**
 * The HTTP server both gateway simulators (AMS, 当面付) stand on: whole request bodies up to a cap
 * (a client sending more is cut off). The gateway-specific routing is the caller's. Node's close()
 * already drops idle keep-alive clients; a stop that must not wait for busy ones calls
 * closeAllConnections() first.
 */
import http from 'node:http';

export type SimRequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

export function createBodyServer(maxBody: number, handle: SimRequestHandler): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  return server;
}
