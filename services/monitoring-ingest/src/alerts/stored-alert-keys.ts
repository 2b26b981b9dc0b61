import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@vigil/platform-clock';
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
 * The keys of alerts this instance saw committed, least recently committed
 * first. Most alert traffic repeats what is stored already (Alertmanager
 * resends a group's alerts each group_interval and repeat_interval, HA pairs
 * send everything twice), and storing a repeat changes nothing (MON-1): such
 * a request can be answered without a transaction (decision 0033).
 *
 * Only keys of committed transactions go in. A key is trusted for a limited
 * time only: if the database ever lost committed rows (a failover to a
 * replica behind, a restore), a repeat reaches it again within that time and
 * stores the alert anew, as every repeat did before. Each replica keeps its
 * own; whatever comes to delete alert rows (offboarding) must forget their keys.
 */
@Injectable()
export class StoredAlertKeys {
  /** Key → when it stops being trusted (ms); a Map iterates in insertion order, so the least recently committed come first. */
  private readonly keys = new Map<string, number>();
  private readonly capacity: number;
  private readonly trustForMs: number;

  constructor(
    @Inject(INGEST_CONFIG) config: Pick<IngestConfig, 'MONITORING_INGEST_KNOWN_ALERTS' | 'MONITORING_INGEST_KNOWN_ALERT_TTL_MS'>,
    private readonly clock: Clock,
  ) {
    this.capacity = config.MONITORING_INGEST_KNOWN_ALERTS;
    this.trustForMs = config.MONITORING_INGEST_KNOWN_ALERT_TTL_MS;
  }

  /** True if every alert is known to be stored; counts the request as answered from memory. */
  allStored(integrationId: string, alerts: readonly ReceivedAlert[]): boolean {
    if (this.capacity === 0 || alerts.length === 0) return false;
    const now = this.clock.nowMs();
    for (const alert of alerts) {
      const trustedUntil = this.keys.get(keyOf(integrationId, alert));
      if (trustedUntil === undefined || trustedUntil <= now) return false;
    }
    answeredFromMemory.inc();
    return true;
  }

  /** Call only after the transaction holding these alerts (or an earlier one holding them) committed. */
  rememberCommitted(integrationId: string, alerts: readonly ReceivedAlert[]): void {
    if (this.capacity === 0) return;
    const trustedUntil = this.clock.nowMs() + this.trustForMs;
    for (const alert of alerts) {
      const key = keyOf(integrationId, alert);
      this.keys.delete(key); // set again last: now the most recently committed
      this.keys.set(key, trustedUntil);
    }
    while (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value!);
  }
}
