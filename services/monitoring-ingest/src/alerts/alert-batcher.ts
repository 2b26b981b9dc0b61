import { Inject, Injectable, Logger } from '@nestjs/common';
import { context, type Context } from '@opentelemetry/api';
import { histogram } from '@vigil/platform-observability';
import { UnitOfWork } from '@vigil/platform-runtime';
import { INGEST_CONFIG, type IngestConfig } from '../config';
import { RecordAlertsUseCase, type AcceptResult, type AlertSubmission } from './use-cases/record-alerts/record-alerts.use-case';
import { StoredAlertKeys } from './stored-alert-keys';

interface Pending {
  submission: AlertSubmission;
  /** The request's trace: a batch runs in its first request's trace. */
  trace: Context;
  resolve: (result: AcceptResult) => void;
  reject: (error: unknown) => void;
}

const requestsPerCommit = histogram({
  name: 'vigil_ingest_requests_per_commit',
  help: 'Alert requests stored together in one transaction (group commit): round trips per alert fall as this rises',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128],
});

/** Alerts per transaction at most; a larger request is still taken whole. */
const MAX_ALERTS_PER_BATCH = 2_000;

/**
 * Group commit for the intake: requests that arrive while a transaction is
 * committing wait and go together into the next one, so a burst costs a few
 * commits instead of one per request. Each request is answered only after
 * the transaction holding its alerts committed. If a batch fails, its
 * requests are tried one by one, so one bad request cannot fail the others.
 */
@Injectable()
export class AlertBatcher {
  private readonly log = new Logger(AlertBatcher.name);
  private readonly queue: Pending[] = [];
  private running = 0;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly recordAlerts: RecordAlertsUseCase,
    private readonly storedKeys: StoredAlertKeys,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  submit(submission: AlertSubmission): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ submission, trace: context.active(), resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.config.MONITORING_INGEST_CONCURRENT_BATCHES && this.queue.length > 0) {
      this.running++;
      const batch = this.takeBatch();
      requestsPerCommit.observe(batch.length);
      void this.commit(batch).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let alerts = 0;
    while (this.queue.length > 0 && (batch.length === 0 || alerts + this.queue[0]!.submission.alerts.length <= MAX_ALERTS_PER_BATCH)) {
      const next = this.queue.shift()!;
      alerts += next.submission.alerts.length;
      batch.push(next);
    }
    return batch;
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const results = await this.store(batch);
      for (const { submission } of batch) this.storedKeys.rememberCommitted(submission.integration.id, submission.alerts);
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      this.log.warn(`a batch of ${batch.length} requests failed (${(error as Error).message}); storing them one by one`);
      for (const pending of batch) await this.commit([pending]);
    }
  }

  private store(batch: Pending[]): Promise<AcceptResult[]> {
    return context.with(batch[0]!.trace, () => this.unitOfWork.run((manager) => this.recordAlerts.record(manager, batch.map((p) => p.submission))));
  }
}
