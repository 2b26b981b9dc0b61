import { outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { CreateTicketingSchema1763850100000 } from './1763850100000-create-ticketing-schema';
import { TicketingAuditLog1763870100000 } from './1763870100000-ticketing-audit-log';
import { SupportTickets1763930000000 } from './1763930000000-support-tickets';
import { OutageLifecycle1763960100000 } from './1763960100000-outage-lifecycle';
import { WorkflowCommands1764000000000 } from './1764000000000-workflow-commands';
import { CustomerDirectoryReadModel1764200100000 } from './1764200100000-customer-directory-read-model';
import { WorkflowCommandClaimIndex1764300000000 } from './1764300000000-workflow-command-claim-index';
import { AuditIntake1764300100000 } from './1764300100000-audit-intake';
import { WorkflowCommandPriority1764500000000 } from './1764500000000-workflow-command-priority';
import { WorkflowCommandStartDelay1765100000000 } from './1765100000000-workflow-command-start-delay';
import { OutageAlertsFiringIndex1765200000000 } from './1765200000000-outage-alerts-firing-index';
import { WorkflowCommandHandOver1765200100000 } from './1765200100000-workflow-command-hand-over';

export const ticketingMigrations = [CreateTicketingSchema1763850100000, TicketingAuditLog1763870100000, SupportTickets1763930000000, OutageLifecycle1763960100000, WorkflowCommands1764000000000, outboxAbandonmentMigration('ticketing'), CustomerDirectoryReadModel1764200100000, WorkflowCommandClaimIndex1764300000000, AuditIntake1764300100000, WorkflowCommandPriority1764500000000, WorkflowCommandStartDelay1765100000000, OutageAlertsFiringIndex1765200000000, WorkflowCommandHandOver1765200100000];
