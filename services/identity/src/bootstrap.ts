import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadIdentityConfig } from './config';

export async function bootstrap() {
  const config = loadIdentityConfig();
  return bootstrapHttpService(AppModule, { port: config.IDENTITY_PORT, host: config.HOST });
}
