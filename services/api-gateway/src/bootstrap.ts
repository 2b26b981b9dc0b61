import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { RouteIndex } from './route-index';
import { AccessLogRecorder } from './access-log/access-log.recorder';
import { routesOf } from './routes';
import { attachRateLimits, trustedProxies } from './http/rate-limits';
import { attachRequestIds } from './request-id.hook';

export async function bootstrap() {
  const config = loadGatewayConfig();
  const index = new RouteIndex();
  const app = await bootstrapHttpService(AppModule.withRouteIndex(index), {
    port: config.API_GATEWAY_PORT,
    host: config.HOST,
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT,
    onRoute: (route) => index.recordServed(route),
    trustProxy: trustedProxies(config.GATEWAY_TRUSTED_PROXIES),
    configure: async (app) => {
      const server = app.getHttpAdapter().getInstance();
      attachRequestIds(server);
      app.get(AccessLogRecorder).attach(server);
      await attachRateLimits(server, {
        windowSeconds: config.GATEWAY_RATE_LIMIT_WINDOW_SECONDS,
        overallMax: config.GATEWAY_RATE_LIMIT_MAX,
        credentialsMax: config.GATEWAY_CREDENTIALS_RATE_LIMIT_MAX,
      });
    },
  });
  index.publish(routesOf(AppModule));
  return app;
}
