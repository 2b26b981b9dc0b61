import { RESOLUTIONS, type Resolution, type TicketStatus } from '@vigil/contracts';

export { TICKET_STATUSES } from '@vigil/contracts';
export type { Resolution, TicketStatus };

/** Who moves the ticket: staff through the API, the customer (reply, reopen), or the platform (automations, changes). */
export type TransitionActor = 'staff' | 'customer' | 'system';

interface TransitionRule {
  from: readonly TicketStatus[];
  to: TicketStatus;
  by: readonly TransitionActor[];
  /** TKT-1: a comment saying what is needed / when and who / the answer. */
  commentRequired?: string;
  resolutionRequired?: boolean;
}

const OPEN_WORK: readonly TicketStatus[] = ['IN_PROGRESS'];
const REOPENABLE: readonly TicketStatus[] = ['WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'];

const RULES: readonly TransitionRule[] = [
  // MON-3: an acknowledge at the monitoring tool (system) takes an outage like staff would.
  { from: ['SUBMITTED'], to: 'IN_PROGRESS', by: ['staff', 'system'] },
  { from: OPEN_WORK, to: 'WAITING_FOR_CUSTOMER', by: ['staff'], commentRequired: 'what is needed from the customer' },
  { from: OPEN_WORK, to: 'WAITING_FOR_THIRD_PARTY', by: ['staff'] },
  { from: OPEN_WORK, to: 'OPERATION_SCHEDULED', by: ['staff'], commentRequired: 'when the operation happens and who does it' },
  // CHG-1/CHG-3/CHG-4: change management moves the ticket; staff cannot set these by hand.
  { from: OPEN_WORK, to: 'CHANGE_REQUESTED', by: ['system'] },
  { from: ['CHANGE_REQUESTED'], to: 'OPERATION_SCHEDULED', by: ['system'] },
  { from: OPEN_WORK, to: 'RESOLVED', by: ['staff'], resolutionRequired: true },
  { from: [...OPEN_WORK, 'RESOLVED'], to: 'CLOSED', by: ['staff'], commentRequired: 'the answer', resolutionRequired: true },
  // TKT-5: auto-close after 12 days of waiting for the customer.
  { from: ['WAITING_FOR_CUSTOMER'], to: 'CLOSED', by: ['system'], resolutionRequired: true },
  { from: ['WAITING_FOR_THIRD_PARTY', 'OPERATION_SCHEDULED', 'CHANGE_REQUESTED'], to: 'IN_PROGRESS', by: ['staff', 'system'] },
  // A customer reply or reopen (and staff reopening on the customer's behalf).
  { from: REOPENABLE, to: 'IN_PROGRESS', by: ['staff', 'customer', 'system'] },
];

export interface TransitionRequest {
  from: TicketStatus;
  to: TicketStatus;
  by: TransitionActor;
  comment?: string;
  resolution?: Resolution;
}

export type TransitionVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'ILLEGAL_TRANSITION'; message: string; allowedTargets: TicketStatus[] }
  | { allowed: false; reason: 'COMMENT_REQUIRED' | 'RESOLUTION_REQUIRED' | 'RESOLUTION_NOT_ALLOWED'; message: string };

/** Where this actor may move a ticket from a status. */
export function allowedTargets(from: TicketStatus, by: TransitionActor): TicketStatus[] {
  return RULES.filter((r) => r.from.includes(from) && r.by.includes(by)).map((r) => r.to);
}

/** TKT-1: decides a transition without side effects; the caller changes nothing unless it is allowed. */
export function decideTransition(request: TransitionRequest): TransitionVerdict {
  const rule = RULES.find((r) => r.from.includes(request.from) && r.to === request.to && r.by.includes(request.by));
  if (!rule) {
    const targets = allowedTargets(request.from, request.by);
    return {
      allowed: false,
      reason: 'ILLEGAL_TRANSITION',
      message: `a ticket in ${request.from} cannot move to ${request.to}; allowed: ${targets.length > 0 ? targets.join(', ') : 'none'}`,
      allowedTargets: targets,
    };
  }
  if (rule.commentRequired && !request.comment?.trim()) {
    return { allowed: false, reason: 'COMMENT_REQUIRED', message: `moving to ${request.to} needs a comment: ${rule.commentRequired}` };
  }
  if (rule.resolutionRequired && !request.resolution) {
    return { allowed: false, reason: 'RESOLUTION_REQUIRED', message: `moving to ${request.to} needs a resolution: ${RESOLUTIONS.join(', ')}` };
  }
  if (!rule.resolutionRequired && request.resolution) {
    return { allowed: false, reason: 'RESOLUTION_NOT_ALLOWED', message: `a resolution belongs only to RESOLVED or CLOSED` };
  }
  if (request.resolution === 'AUTO_CLOSED' && request.by !== 'system') {
    return { allowed: false, reason: 'RESOLUTION_NOT_ALLOWED', message: 'AUTO_CLOSED is set only by the automatic close' };
  }
  return { allowed: true };
}

/** TKT-1: a customer reply moves a ticket in these statuses back to IN_PROGRESS. */
export const CUSTOMER_REPLY_REOPENS: readonly TicketStatus[] = ['WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'];

/** Tickets in these statuses are done with; the customer may still reopen them. */
export const FINISHED_STATUSES: readonly TicketStatus[] = ['RESOLVED', 'CLOSED'];
