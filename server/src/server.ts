import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './core/config.js';
import { createContext, type AppContext } from './infra/context.js';
import { createApp } from './http/app.js';
import { createMetrics } from './infra/metrics.js';
import type { Logger } from 'pino';
import { attachGateway, type Gateway, type GatewayOptions } from './gateway/index.js';
import { routingFor } from './routing/routing.module.js';

export interface RunningServer {
  url: string;
  ctx: AppContext;
  http: Server;
  gateway: Gateway;
  close(): Promise<void>;
}

/** Starts one stateless server node: REST, health, metrics and the socket gateway. */
export async function startServer(
  config: Config,
  log: Logger,
  opts: { gateway?: GatewayOptions } = {},
): Promise<RunningServer> {
  const ctx = await createContext(config, log);
  const metrics = createMetrics('server');
  const app = createApp(ctx, metrics);
  const http = createServer(app);
  const gateway = attachGateway(http, ctx, opts.gateway);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  return {
    url,
    ctx,
    http,
    gateway,
    async close() {
      // Closes the sockets first (clients reconnect elsewhere), then the HTTP server it shares.
      await gateway.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      // Pending live-state refreshes read PostgreSQL: let them finish before the pool goes.
      await routingFor(ctx).publisher.close();
      await ctx.close();
    },
  };
}
