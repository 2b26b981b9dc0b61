import { tenantOf, TicketingError, type Availability, type AvailabilityRequest } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@vigil/platform-clock';
import { TicketingException } from '../../../ticketing.exception';

interface PeriodRow {
  environment_name: string;
  customer_id: string;
  time_zone: string;
  target: string;
  period_start: Date;
  period_end: Date;
  month_end: Date;
}

interface OutageRow {
  id: string;
  ticket_id: string;
  started_at: Date;
  ended_at: Date | null;
  minutes: number;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * MON-4: outage minutes of an environment in a calendar month of its
 * customer's time zone, from outage periods (start → restoration or staff
 * closing; an open one counts until now), against the contracted uptime.
 * Overlapping outages of one environment cannot happen (one open at a time).
 */
@Injectable()
export class GetAvailabilityUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async execute(request: AvailabilityRequest): Promise<Availability> {
    const now = this.clock.now();
    const [period]: PeriodRow[] = await this.dataSource.query(
      `SELECT e.name AS environment_name, c.id AS customer_id, c.time_zone, c.uptime_target_percent::text AS target,
              (($2 || '-01')::timestamp AT TIME ZONE c.time_zone) AS period_start,
              LEAST($4::timestamptz, ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE c.time_zone)) AS period_end,
              ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE c.time_zone) AS month_end
         FROM ticketing.environments e JOIN ticketing.customers c ON c.id = e.customer_id
        WHERE e.id = $1 AND ($3::uuid IS NULL OR e.customer_id = $3)`,
      [request.environmentId, request.month, tenantOf(request.caller) ?? null, now],
    );
    if (!period) throw new TicketingException(TicketingError.NotFound, `environment ${request.environmentId} not found`);
    if (period.period_end <= period.period_start) throw new TicketingException(TicketingError.Unprocessable, `${request.month} has not begun`);
    const outages: OutageRow[] = await this.dataSource.query(
      `SELECT id, ticket_id, started_at, COALESCE(restored_at, closed_at) AS ended_at,
              EXTRACT(EPOCH FROM LEAST(COALESCE(restored_at, closed_at, $4), $3) - GREATEST(started_at, $2))::float8 / 60 AS minutes
         FROM ticketing.outages
        WHERE environment_id = $1 AND started_at < $3 AND COALESCE(restored_at, closed_at, 'infinity'::timestamptz) > $2
        ORDER BY started_at`,
      [request.environmentId, period.period_start, period.period_end, now],
    );
    const periodMinutes = (period.period_end.getTime() - period.period_start.getTime()) / 60_000;
    const outageMinutes = outages.reduce((sum, o) => sum + Math.max(0, o.minutes), 0);
    const availabilityPercent = (100 * (periodMinutes - outageMinutes)) / periodMinutes;
    const targetPercent = Number(period.target);
    return {
      environmentId: request.environmentId,
      environmentName: period.environment_name,
      customerId: period.customer_id,
      month: request.month,
      timeZone: period.time_zone,
      periodStart: period.period_start.toISOString(),
      periodEnd: period.period_end.toISOString(),
      complete: period.period_end.getTime() === period.month_end.getTime(),
      periodMinutes: round(periodMinutes, 2),
      outageMinutes: round(outageMinutes, 2),
      availabilityPercent: round(availabilityPercent, 4),
      targetPercent,
      met: availabilityPercent >= targetPercent,
      outages: outages.map((o) => ({
        outageId: o.id,
        ticketId: o.ticket_id,
        startedAt: o.started_at.toISOString(),
        endedAt: o.ended_at?.toISOString() ?? null,
        minutesInPeriod: round(Math.max(0, o.minutes), 2),
      })),
    };
  }
}
