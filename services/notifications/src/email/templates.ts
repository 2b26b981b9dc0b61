import type { TicketCommentedData, TicketCreatedData, TicketEscalatedData, TicketStatusChangedData } from '@vigil/contracts';
import type { OutageRecoveryInput } from '@vigil/workflow-contracts';

/** Plain-text email bodies. Subjects carry the ticket number so replies can be threaded (TKT-4). */
export interface EmailContent {
  subject: string;
  body: string;
}

export function ticketCreatedEmail(ticket: TicketCreatedData): EmailContent {
  return {
    subject: `[Vigil #${ticket.ticketNumber}] Ticket created: ${ticket.title}`,
    body: [
      `Hello ${ticket.customerName},`,
      '',
      `we have opened ticket #${ticket.ticketNumber} (${ticket.type}, severity ${ticket.severity}):`,
      ticket.title,
      '',
      ticket.type === 'OUTAGE'
        ? 'Our monitoring detected an outage; our on-call engineer has been alerted and is working to restore service.'
        : 'Our support team will get back to you within the agreed response time.',
      '',
      'Reply to this email to add a comment to the ticket.',
    ].join('\n'),
  };
}

const outageLine = (o: OutageRecoveryInput) => `Outage ticket #${o.ticketNumber}: ${o.environmentName}, down since ${o.startedAt}.`;

export function onCallEmail(o: OutageRecoveryInput): EmailContent {
  return {
    subject: `[Vigil #${o.ticketNumber}] OUTAGE ${o.environmentName}: act now`,
    body: `${outageLine(o)}\nRecovery target: ${Math.round(o.recoveryTargetMs / 60_000)} minutes from the start.`,
  };
}

export function teamLeadEmail(o: OutageRecoveryInput): EmailContent {
  return {
    subject: `[Vigil #${o.ticketNumber}] OUTAGE ${o.environmentName}: nobody has taken it`,
    body: `${outageLine(o)}\nNobody has started work on it after ${Math.round(o.teamLeadAfterMs / 60_000)} minutes.`,
  };
}

export function recoveryTargetBreachedEmail(o: OutageRecoveryInput): EmailContent {
  return {
    subject: `[Vigil #${o.ticketNumber}] OUTAGE ${o.environmentName}: recovery target breached`,
    body: `${outageLine(o)}\nService is still not restored after ${Math.round(o.recoveryTargetMs / 60_000)} minutes.`,
  };
}

const ticketSubject = (t: { ticketNumber: number; title: string }, what: string) => `[Vigil #${t.ticketNumber}] ${what}: ${t.title}`;

/** TKT-4: what the reporter is told when the ticket enters a status. */
const STATUS_NEWS: Record<string, { headline: string; line: string }> = {
  IN_PROGRESS: { headline: 'We are on it', line: 'An engineer is working on your ticket.' },
  WAITING_FOR_CUSTOMER: { headline: 'We need your input', line: 'We need something from you to go on:' },
  WAITING_FOR_THIRD_PARTY: { headline: 'Waiting for a third party', line: 'We are waiting for a vendor or third party; we will follow up as soon as they answer.' },
  OPERATION_SCHEDULED: { headline: 'Operation scheduled', line: 'We have scheduled the work:' },
  CLOSED: { headline: 'Ticket closed', line: 'We have closed your ticket:' },
};

/** The reporter's email for a status change, or null when TKT-4 lists none for it. */
export function ticketStatusEmail(change: TicketStatusChangedData): EmailContent | null {
  const news = STATUS_NEWS[change.to];
  if (!news) return null;
  return {
    subject: ticketSubject(change, news.headline),
    body: [news.line, ...(change.comment ? ['', change.comment] : []), ...(change.resolution ? ['', `Resolution: ${change.resolution}`] : []), '', 'Reply to this email to add a comment to the ticket.'].join('\n'),
  };
}

export function staffCommentEmail(comment: TicketCommentedData): EmailContent {
  return { subject: ticketSubject(comment, 'New comment'), body: [comment.body, '', 'Reply to this email to add a comment to the ticket.'].join('\n') };
}

export function ticketReopenedEmail(change: TicketStatusChangedData): EmailContent {
  return {
    subject: ticketSubject(change, 'Reopened by the customer'),
    body: `Ticket #${change.ticketNumber} went from ${change.to === 'IN_PROGRESS' ? change.from : change.to} back to IN_PROGRESS at ${change.changedAt}.`,
  };
}

export function ticketEscalatedEmail(escalation: TicketEscalatedData): EmailContent {
  return {
    subject: ticketSubject(escalation, 'ESCALATED'),
    body: [
      `Ticket #${escalation.ticketNumber} (${escalation.severity}, ${escalation.status}) was escalated by the ${escalation.actorKind} at ${escalation.escalatedAt}.`,
      '',
      `Reason: ${escalation.reason}`,
    ].join('\n'),
  };
}
