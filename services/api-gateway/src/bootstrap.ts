import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { RouteIndex } from './route-index';
import { AccessLogRecorder } from './access-log/access-log.recorder';
import { routesOf } from './routes';

export async function bootstrap() {
  const config = loadGatewayConfig();
  const index = new RouteIndex();
  const app = await bootstrapHttpService(AppModule.withRouteIndex(index), {
    port: config.API_GATEWAY_PORT,
    host: config.HOST,
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT,
    onRoute: (route) => index.recordServed(route),
    configure: (app) => app.get(AccessLogRecorder).attach(app.getHttpAdapter().getInstance()),
  });
  index.publish(routesOf(AppModule));
  return app;
}
