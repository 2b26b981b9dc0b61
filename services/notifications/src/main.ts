import { bootstrap } from './bootstrap';

bootstrap().catch((error) => {
  console.error(`notifications failed to start: ${(error as Error).message}`);
  process.exit(1);
});
