/**
 * Loopback servers that speak just enough of the MongoDB wire protocol for
 * fault tests: a proxy to the test server that can go silent (it keeps every
 * connection open and accepts new ones, but passes nothing on), a proxy that
 * stalls single connections while the others (the driver's monitor) keep
 * their answers, and a fake server that answers the handshake as an old
 * server would. All bind to 127.0.0.1 and stop with close().
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** The handshake and monitoring commands, which are not the "commands" a silence trigger counts. */
export const HANDSHAKE_COMMANDS = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'saslStart',
  'saslContinue',
  'ping',
  'buildInfo',
  'buildinfo',
  'endSessions',
]);

/** Splits a byte stream into wire messages (each starts with its int32 length). */
class MessageFramer {
  private pending: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 4) {
      const len = this.pending.readInt32LE(0);
      if (this.pending.length < len) break;
      out.push(this.pending.subarray(0, len));
      this.pending = this.pending.subarray(len);
    }
    return out;
  }
}

/** The command document of an OP_MSG (its kind-0 section) or OP_QUERY message; undefined for others. */
function commandOf(msg: Buffer): BSON.Document | undefined {
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) {
    let off = 20;
    while (off < msg.length) {
      const kind = msg[off]!;
      off++;
      const size = msg.readInt32LE(off);
      if (kind === 0) return BSON.deserialize(msg.subarray(off, off + size));
      off += size;
    }
    return undefined;
  }
  if (opCode === OP_QUERY) {
    let off = 20;
    while (msg[off] !== 0) off++;
    off += 1 + 8;
    const size = msg.readInt32LE(off);
    return BSON.deserialize(msg.subarray(off, off + size));
  }
  return undefined;
}

export function commandName(msg: Buffer): string | undefined {
  const cmd = commandOf(msg);
  return cmd ? Object.keys(cmd)[0] : undefined;
}

/** The first host of a mongodb:// connection string; undefined for mongodb+srv:// and TLS, which a proxy cannot read. */
export function proxyTarget(uri: string): { host: string; port: number } | undefined {
  if (!/^mongodb:\/\//i.test(uri) || /[?&](tls|ssl)=true/i.test(uri)) return undefined;
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^,/?]+)/i.exec(uri);
  if (!m) return undefined;
  const [host, port] = m[1]!.startsWith('[')
    ? [m[1]!.slice(1, m[1]!.indexOf(']')), m[1]!.split(']:')[1]]
    : m[1]!.split(':');
  return { host: host!, port: Number(port ?? 27017) };
}

/**
 * proxyTarget for a test that needs the proxy: undefined (the test skips)
 * only for a server named by WFCTL_TEST_MONGODB_URI that a proxy cannot
 * read; the suite's own FerretDB always can, so there a missing target fails.
 */
export function testProxyTarget(uri: string): { host: string; port: number } | undefined {
  const target = proxyTarget(uri);
  if (!target && !process.env.WFCTL_TEST_MONGODB_URI)
    throw new Error(`the test server ${uri} cannot be reached through the loopback proxy`);
  return target;
}

/** `uri` with its hosts replaced by the proxy's address, connecting to it alone. */
export function throughProxy(uri: string, port: number): string {
  const replaced = uri.replace(/^(mongodb:\/\/(?:[^@/]*@)?)[^/?]+/i, `$1127.0.0.1:${port}`);
  const [base, query] = replaced.split('?');
  const params = new URLSearchParams(query ?? '');
  params.delete('replicaSet');
  params.set('directConnection', 'true');
  return `${base!.includes('/', 'mongodb://'.length) ? base : `${base}/`}?${params.toString()}`;
}

export interface SilentProxy {
  port: number;
  /** from now on nothing passes, in either direction, on any connection */
  goSilent(): void;
  /** passes on what was held back, and everything after it */
  resume(): void;
  readonly silent: boolean;
  /** commands the client sent, by name (handshake and monitoring ones included) */
  readonly seen: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A proxy to `target` (the test server). `silenceWhen(name, n)` is asked for every
 * command the client sends (n: how many of that name so far, this one
 * included); when it says yes, the proxy goes silent before passing it on.
 */
export async function startSilentProxy(
  target: { host: string; port: number },
  silenceWhen?: (name: string, n: number) => boolean,
): Promise<SilentProxy> {
  let silent = false;
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();
  /** what waits to be passed on, per direction of each connection */
  const held: Array<{ to: Socket; chunks: Buffer[] }> = [];

  const pass = (to: Socket, queue: { to: Socket; chunks: Buffer[] }, data: Buffer) => {
    if (silent || queue.chunks.length) queue.chunks.push(data);
    else to.write(data);
  };

  const server: Server = createServer((client) => {
    const upstream = createConnection(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const toUpstream = { to: upstream, chunks: [] as Buffer[] };
    const toClient = { to: client, chunks: [] as Buffer[] };
    held.push(toUpstream, toClient);
    const framer = new MessageFramer();
    client.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const name = commandName(msg);
        if (name !== undefined) {
          const n = (seen.get(name) ?? 0) + 1;
          seen.set(name, n);
          if (!silent && silenceWhen?.(name, n)) silent = true;
        }
        pass(upstream, toUpstream, Buffer.from(msg));
      }
    });
    upstream.on('data', (chunk: Buffer) => pass(client, toClient, chunk));
    closeTogether(client, upstream, sockets);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    goSilent: () => {
      silent = true;
    },
    resume: () => {
      silent = false;
      for (const q of held) {
        for (const c of q.chunks.splice(0)) if (!q.to.destroyed) q.to.write(c);
      }
    },
    get silent() {
      return silent;
    },
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface StallingProxy {
  port: number;
  /** connections stalled so far (each holds what it would pass on, in both directions) */
  readonly stalled: number;
  /** commands the client sent, by name (handshake and monitoring ones included) */
  readonly seen: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A proxy to `target` that stalls single connections: `stallWhen(name, n, command)` is
 * asked for every command the client sends (n: how many of that name so far, on any
 * connection, this one included); when it says yes, that connection alone stops passing
 * anything on, in either direction, while every other connection (the driver's monitor
 * among them) keeps its answers. With `releaseAfterMs` the held bytes pass after that
 * long: a slow reply, as from a server at work, instead of a dead one.
 */
export async function startStallingProxy(
  target: { host: string; port: number },
  stallWhen: (name: string, n: number, command: BSON.Document) => boolean,
  options: { releaseAfterMs?: number } = {},
): Promise<StallingProxy> {
  let stalled = 0;
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((client) => {
    const upstream = createConnection(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let holding = false;
    const held: Array<{ to: Socket; data: Buffer }> = [];
    const pass = (to: Socket, data: Buffer) => {
      if (holding) held.push({ to, data });
      else to.write(data);
    };
    const release = () => {
      holding = false;
      for (const h of held.splice(0)) if (!h.to.destroyed) h.to.write(h.data);
    };
    const framer = new MessageFramer();
    client.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const command = commandOf(msg);
        const name = command ? Object.keys(command)[0] : undefined;
        if (command && name !== undefined) {
          const n = (seen.get(name) ?? 0) + 1;
          seen.set(name, n);
          if (!holding && stallWhen(name, n, command)) {
            holding = true;
            stalled++;
            if (options.releaseAfterMs !== undefined) {
              const t = setTimeout(() => {
                timers.delete(t);
                release();
              }, options.releaseAfterMs);
              timers.add(t);
            }
          }
        }
        pass(upstream, Buffer.from(msg));
      }
    });
    upstream.on('data', (chunk: Buffer) => pass(client, chunk));
    closeTogether(client, upstream, sockets);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    get stalled() {
      return stalled;
    },
    seen,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FakeServer {
  port: number;
  uri(db: string): string;
  close(): Promise<void>;
}

/** A server that answers hello as one with this maxWireVersion would, and every other command with an error. */
export async function startFakeServer(hello: { maxWireVersion: number; version?: string }): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  let requestId = 1;
  const reply = (name: string | undefined): BSON.Document =>
    name !== undefined && HANDSHAKE_COMMANDS.has(name) && name !== 'endSessions'
      ? {
          ok: 1,
          ismaster: true,
          isWritablePrimary: true,
          helloOk: true,
          maxBsonObjectSize: 16 * 1024 * 1024,
          maxMessageSizeBytes: 48_000_000,
          maxWriteBatchSize: 100_000,
          localTime: new Date(),
          minWireVersion: 0,
          maxWireVersion: hello.maxWireVersion,
          ...(hello.version ? { version: hello.version } : {}),
        }
      : { ok: 0, errmsg: `no such command: '${name ?? '?'}'`, code: 59, codeName: 'CommandNotFound' };

  const server = createServer((socket) => {
    sockets.add(socket);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const opCode = msg.readInt32LE(12);
        const responseTo = msg.readInt32LE(4);
        const body = BSON.serialize(reply(commandName(msg)));
        // a reply: the message header (length, id, the request it answers, op code), then the body
        const out = Buffer.alloc((opCode === OP_QUERY ? 36 : 21) + body.length);
        out.writeInt32LE(out.length, 0);
        out.writeInt32LE(requestId++, 4);
        out.writeInt32LE(responseTo, 8);
        if (opCode === OP_QUERY) {
          out.writeInt32LE(OP_REPLY, 12);
          out.writeInt32LE(0, 16); // responseFlags
          out.writeBigInt64LE(0n, 20); // cursorID
          out.writeInt32LE(0, 28); // startingFrom
          out.writeInt32LE(1, 32); // numberReturned
        } else {
          out.writeInt32LE(OP_MSG, 12);
          out.writeUInt32LE(0, 16); // flagBits
          out[20] = 0; // section kind 0
        }
        Buffer.from(body).copy(out, out.length - body.length);
        socket.write(out);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    uri: (db) => `mongodb://127.0.0.1:${port}/${db}?directConnection=true`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The two ends of a proxied connection close together, and leave the proxy's set of open sockets. */
function closeTogether(client: Socket, upstream: Socket, sockets: Set<Socket>): void {
  const end = () => {
    client.destroy();
    upstream.destroy();
    sockets.delete(client);
    sockets.delete(upstream);
  };
  client.on('close', end);
  upstream.on('close', end);
  client.on('error', () => undefined);
  upstream.on('error', () => undefined);
}
