import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';

export async function bootstrap() {
  const config = loadGatewayConfig();
  return bootstrapHttpService(AppModule, { port: config.API_GATEWAY_PORT, host: config.HOST });
}
