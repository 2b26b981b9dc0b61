import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import { TicketRepository } from '../../../tickets/ticket.repository';
import { OutageRepository } from '../../outage.repository';

/** MON-3: the 30-minute target lapsed; recorded once on the outage ticket. */
@Injectable()
export class RecordRecoveryTargetBreachUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository, private readonly outages: OutageRepository, private readonly audit: AuditLog) {}

  async execute(input: { outageId: string; breachedAt: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ticketId = await this.outages.findTicketId(manager, input.outageId);
      if (!ticketId) throw new Error(`unknown outage ${input.outageId}`);
      const recorded = await this.tickets.recordRecoveryTargetBreach(manager, ticketId, new Date(input.breachedAt), 'system:outage-recovery');
      if (recorded) {
        await this.audit.append(manager, {
          actor: 'system:outage-recovery',
          action: 'ticket.recovery-target-breached',
          target: `ticket:${ticketId}`,
          after: { recoveryTargetBreachedAt: input.breachedAt },
        });
      }
    });
  }
}
