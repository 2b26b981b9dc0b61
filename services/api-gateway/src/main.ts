import { bootstrap } from './bootstrap';

bootstrap().catch((error) => {
  console.error(`api-gateway failed to start: ${(error as Error).message}`);
  process.exit(1);
});
