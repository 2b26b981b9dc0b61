import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadCustomersConfig } from './config';

/** Exported so tests boot exactly what production runs. */
export async function bootstrap() {
  const config = loadCustomersConfig();
  return bootstrapHttpService(AppModule, { port: config.CUSTOMERS_PORT, host: config.HOST });
}
