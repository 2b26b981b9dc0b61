import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadNotificationsConfig } from './config';

export async function bootstrap() {
  const config = loadNotificationsConfig();
  return bootstrapHttpService(AppModule, { port: config.NOTIFICATIONS_PORT, host: config.HOST });
}
