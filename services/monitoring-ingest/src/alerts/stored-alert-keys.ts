import { Inject, Injectable } from '@nestjs/common';
import { counter } from '@vigil/platform-observability';
import { INGEST_CONFIG, type IngestConfig } from '../config';
import type { ReceivedAlert } from './received-alert';

const answeredFromMemory = counter({
  name: 'vigil_ingest_known_repeats_total',
  help: 'Alert requests whose alerts this instance had seen committed before (repeats, HA twins): answered without a transaction',
});

/** The intake's idempotency key, as the unique index of monitoring.alert_events has it. */
function keyOf(integrationId: string, alert: ReceivedAlert): string {
  return `${integrationId}|${alert.status}|${alert.startsAt.getTime()}|${alert.endsAt?.getTime() ?? ''}|${alert.fingerprint}`;
}

/**
 * The keys of alerts this instance saw committed, most recent last. Most
 * alert traffic repeats what is stored already (Alertmanager resends every
 * firing alert each repeat_interval, HA pairs send everything twice), and
 * storing a repeat changes nothing (MON-1): such a request can be answered
 * without a transaction. Only keys of committed transactions go in, and
 * alert rows are never deleted, so a key here is always stored; a key not
 * here is simply stored again, idempotently. Each replica keeps its own.
 * Whatever comes to delete alert rows (offboarding) must forget their keys.
 */
@Injectable()
export class StoredAlertKeys {
  private readonly keys = new Set<string>();
  private readonly capacity: number;

  constructor(@Inject(INGEST_CONFIG) config: Pick<IngestConfig, 'MONITORING_INGEST_KNOWN_ALERTS'>) {
    this.capacity = config.MONITORING_INGEST_KNOWN_ALERTS;
  }

  /** True if every alert is known to be stored; counts the request as answered from memory. */
  allStored(integrationId: string, alerts: readonly ReceivedAlert[]): boolean {
    if (this.capacity === 0 || alerts.length === 0) return false;
    for (const alert of alerts) if (!this.keys.has(keyOf(integrationId, alert))) return false;
    answeredFromMemory.inc();
    return true;
  }

  /** Call only after the transaction holding these alerts (or an earlier one holding them) committed. */
  rememberCommitted(integrationId: string, alerts: readonly ReceivedAlert[]): void {
    if (this.capacity === 0) return;
    for (const alert of alerts) {
      const key = keyOf(integrationId, alert);
      this.keys.delete(key); // re-inserted last: a Set iterates in insertion order, so the oldest go first
      this.keys.add(key);
    }
    for (const oldest of this.keys) {
      if (this.keys.size <= this.capacity) break;
      this.keys.delete(oldest);
    }
  }
}
