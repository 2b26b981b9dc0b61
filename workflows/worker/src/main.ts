import { Logger } from '@nestjs/common';
import { loadConfig, platformConfig } from '@vigil/platform-config';
import { createWorkflowWorker } from './workflow-worker';

async function main(): Promise<void> {
  const config = loadConfig(platformConfig);
  const { worker, connection } = await createWorkflowWorker({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
  new Logger('WorkflowWorker').log(`polling ${config.TEMPORAL_ADDRESS} for workflow tasks`);
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are done.
  await worker.run();
  await connection.close();
}

main().catch((error) => {
  console.error(`workflow worker failed: ${(error as Error).message}`);
  process.exit(1);
});
