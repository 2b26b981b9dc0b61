import type { DataSource } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import type { OutboxRelay } from '@vigil/platform-messaging';
import { LoopingWorker } from '@vigil/platform-persistence';

const SEAL_BATCH = 500;

/**
 * Links a service's committed audit entries into its chain (after-commit
 * sealing, decision 0024): woken after each commit that recorded entries, polling
 * otherwise, and asked directly before the log is read, so a reader sees
 * every committed entry in the chain. Each sealing wakes the outbox relay for
 * its witness event. After a round that sealed it waits `gatherMs` (200 ms)
 * whatever commits meanwhile: under a stream of commits, one sealing (a
 * transaction of seven statements and a witness event) covers many entries
 * instead of one each; the entries are readable all along (the log's readers
 * seal first). After a full batch it goes on at once.
 */
export class AuditSealer extends LoopingWorker {
  constructor(private readonly dataSource: DataSource, private readonly audit: AuditLog, private readonly relay: OutboxRelay, pollIntervalMs = 500, gatherMs = 200) {
    super('AuditSealer', pollIntervalMs, gatherMs, SEAL_BATCH);
  }

  protected async round(): Promise<number> {
    const sealed = await this.audit.seal(this.dataSource, SEAL_BATCH);
    if (sealed > 0) this.relay.kick();
    return sealed;
  }

  /** Seals everything committed so far. */
  async sealCommitted(): Promise<void> {
    while ((await this.round()) > 0);
  }
}
