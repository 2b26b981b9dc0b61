import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TICKETING_ACTIVITY_QUEUE, type OutageTicketingActivities } from '@vigil/workflow-contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { RecordRecoveryTargetBreachUseCase } from './use-cases/record-recovery-target-breach/record-recovery-target-breach.use-case';

/** Activities workflows run against ticketing's own data, on ticketing's own task queue. */
@Injectable()
export class TicketingActivities implements OnModuleInit {
  constructor(private readonly background: BackgroundWork, private readonly recordBreach: RecordRecoveryTargetBreachUseCase) {}

  onModuleInit(): void {
    const activities: OutageTicketingActivities = {
      recordRecoveryTargetBreach: (input) => this.recordBreach.execute(input),
    };
    this.background.registerActivities(TICKETING_ACTIVITY_QUEUE, activities);
  }
}
