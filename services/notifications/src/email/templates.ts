import type { TicketCreatedData } from '@vigil/contracts';
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
