import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadTicketingConfig } from './config';

/** Exported so tests boot exactly what production runs (rule 10). */
export async function bootstrap() {
  const config = loadTicketingConfig();
  return bootstrapHttpService(AppModule, { port: config.TICKETING_PORT, host: config.HOST });
}
