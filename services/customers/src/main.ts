import { bootstrap } from './bootstrap';

bootstrap().catch((error) => {
  console.error(`customers failed to start: ${(error as Error).message}`);
  process.exit(1);
});
