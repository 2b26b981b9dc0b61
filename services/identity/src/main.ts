import { bootstrap } from './bootstrap';

bootstrap().catch((error) => {
  console.error(`identity failed to start: ${(error as Error).message}`);
  process.exit(1);
});
