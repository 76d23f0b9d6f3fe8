/** A raw HTTP server on 127.0.0.1 for transport tests: each test scripts its own handler. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface TestServer {
  url: string;
  /** Requests received so far. */
  hits: number;
  /** Set the handler for the next requests (gets the 0-based request index). */
  handle(handler: (req: IncomingMessage, res: ServerResponse, index: number) => void): void;
  /** Resolves when every open socket has closed (the client let go). */
  socketsClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  let handler: (req: IncomingMessage, res: ServerResponse, index: number) => void = (_req, res) => res.end("{}");
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const index = api.hits++;
    req.resume();
    req.on("end", () => handler(req, res, index));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const api: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: 0,
    handle(h) {
      handler = h;
    },
    async socketsClosed() {
      await Promise.all([...sockets].map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once("close", () => resolve())))));
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
