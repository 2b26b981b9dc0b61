import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A loopback TCP proxy a test can cut: `partition()` drops every connection
 * through it and refuses new ones (the far side looks unreachable to the
 * client), `heal()` lets traffic through again. For "the network to X fails"
 * without stopping X itself.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private partitioned = false;
  port = 0;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  static async to(address: string): Promise<TcpProxy> {
    const [host, port] = address.split(':');
    const proxy = new TcpProxy(host!, Number(port));
    await proxy.start();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((client) => {
      if (this.partitioned) return client.destroy();
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  partition(): void {
    this.partitioned = true;
    for (const socket of this.sockets) socket.destroy();
  }

  heal(): void {
    this.partitioned = false;
  }

  async stop(): Promise<void> {
    this.partition();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
