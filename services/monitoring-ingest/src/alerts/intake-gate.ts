import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@vigil/platform-runtime';
import { counter, gauge } from '@vigil/platform-observability';
import { INGEST_CONFIG, type IngestConfig } from '../config';

/** How a sender is told to come back: what it retries decides the status. */
export type SenderKind = 'alertmanager' | 'pagerduty' | 'generic';

const RETRY_AFTER_SECONDS = '5';

const inFlightGauge = gauge({ name: 'vigil_ingest_in_flight_requests', help: 'Alert requests being stored right now (bounded by MONITORING_INGEST_MAX_IN_FLIGHT)' });
const inFlightLimit = gauge({ name: 'vigil_ingest_max_in_flight_requests', help: 'MONITORING_INGEST_MAX_IN_FLIGHT: beyond it senders are told to retry' });
const refused = counter({ name: 'vigil_ingest_refused_total', help: 'Alert requests refused for now (503, or 429 for PagerDuty): busy (in-flight bound reached) or unavailable (storing failed)', labelNames: ['reason'] });

/**
 * Back-pressure for the intake (MON-1). Beyond a bound of requests in flight,
 * or when a dependency fails, an alert is refused for now, never for good:
 * Alertmanager retries only 5xx (a 4xx drops the notification), so it and
 * generic senders get 503; PagerDuty senders retry 429 and get it with
 * Retry-After when Vigil is busy, 503 when Vigil is broken.
 */
@Injectable()
export class IntakeGate {
  private readonly log = new Logger(IntakeGate.name);
  private inFlight = 0;

  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {
    inFlightLimit.set(config.MONITORING_INGEST_MAX_IN_FLIGHT);
    for (const reason of ['busy', 'unavailable']) refused.inc({ reason }, 0);
  }

  async admit<T>(sender: SenderKind, work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.config.MONITORING_INGEST_MAX_IN_FLIGHT) {
      refused.inc({ reason: 'busy' });
      throw tryAgainLater(sender, 'busy');
    }
    this.inFlight++;
    inFlightGauge.set(this.inFlight);
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      this.log.error(`alert intake failed, sender told to retry: ${(error as Error).message}`);
      refused.inc({ reason: 'unavailable' });
      throw tryAgainLater(sender, 'unavailable');
    } finally {
      this.inFlight--;
      inFlightGauge.set(this.inFlight);
    }
  }
}

export function tryAgainLater(sender: SenderKind, why: 'busy' | 'unavailable'): ProblemException {
  const status = sender === 'pagerduty' && why === 'busy' ? 429 : 503;
  const detail = why === 'busy' ? 'Vigil is taking in more alerts than it can store right now' : 'Vigil cannot store alerts right now';
  return new ProblemException(status, `https://vigil.dev/problems/alert-intake-${why}`, 'try again later', `${detail}; nothing was stored, send it again`, {}, {
    'retry-after': RETRY_AFTER_SECONDS,
  });
}
