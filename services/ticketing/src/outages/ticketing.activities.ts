import { Injectable } from '@nestjs/common';
import { TICKETING_ACTIVITY_QUEUE, type OutageTicketingActivities } from '@vigil/workflow-contracts';
import { Activities, Activity } from '@vigil/platform-runtime';
import { RecordRecoveryTargetBreachUseCase } from './use-cases/record-recovery-target-breach/record-recovery-target-breach.use-case';

/** Activities workflows run against ticketing's own data, on ticketing's own task queue. */
@Injectable()
@Activities(TICKETING_ACTIVITY_QUEUE)
export class TicketingActivities implements OutageTicketingActivities {
  constructor(private readonly recordBreach: RecordRecoveryTargetBreachUseCase) {}

  @Activity()
  recordRecoveryTargetBreach(input: Parameters<OutageTicketingActivities['recordRecoveryTargetBreach']>[0]): Promise<void> {
    return this.recordBreach.execute(input);
  }
}
