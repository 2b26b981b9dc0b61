import { Logger } from '@nestjs/common';
import type { Worker } from '@temporalio/worker';
import { loadConfig, platformConfig } from '@vigil/platform-config';
import { JsonNestLogger, rootLogger, serveMetrics } from '@vigil/platform-observability';
import { createWorkflowWorkers } from './workflow-worker';

async function main(): Promise<void> {
  const config = loadConfig(platformConfig);
  Logger.overrideLogger(new JsonNestLogger(rootLogger(config.LOG_LEVEL)));
  const metrics = await serveMetrics({ port: config.METRICS_PORT, host: config.METRICS_HOST });
  if (metrics) new Logger('Metrics').log(`metrics on http://${config.METRICS_HOST}:${metrics.port}/metrics`);
  const { routine, pages, connection } = await createWorkflowWorkers({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
  new Logger('WorkflowWorker').log(`polling ${config.TEMPORAL_ADDRESS} for workflow tasks`);
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are done. If one worker fails, the other
  // is shut down too, so the process ends and its supervisor restarts it whole.
  const stopBoth = () => {
    for (const worker of [routine, pages]) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const run = async (worker: Worker) => {
    try {
      await worker.run();
    } catch (error) {
      stopBoth();
      throw error;
    }
  };
  const results = await Promise.allSettled([run(routine), run(pages)]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  await connection.close();
  metrics?.server.close();
}

main().catch((error) => {
  console.error(`workflow worker failed: ${(error as Error).message}`);
  process.exit(1);
});
