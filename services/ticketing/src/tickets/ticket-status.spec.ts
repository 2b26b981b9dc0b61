import { allowedTargets, decideTransition, TICKET_STATUSES, type TicketStatus } from './ticket-status';

describe('ticket status machine (TKT-1)', () => {
  it('moves a new ticket only to IN_PROGRESS', () => {
    expect(allowedTargets('SUBMITTED', 'staff')).toEqual(['IN_PROGRESS']);
    expect(decideTransition({ from: 'SUBMITTED', to: 'RESOLVED', by: 'staff', resolution: 'DONE' })).toEqual({
      allowed: false,
      reason: 'ILLEGAL_TRANSITION',
      message: 'a ticket in SUBMITTED cannot move to RESOLVED; allowed: IN_PROGRESS',
      allowedTargets: ['IN_PROGRESS'],
    });
  });

  it('lets staff move IN_PROGRESS to each working status', () => {
    expect(allowedTargets('IN_PROGRESS', 'staff')).toEqual(['WAITING_FOR_CUSTOMER', 'WAITING_FOR_THIRD_PARTY', 'OPERATION_SCHEDULED', 'RESOLVED', 'CLOSED']);
  });

  it.each([
    ['WAITING_FOR_CUSTOMER', 'what is needed from the customer'],
    ['OPERATION_SCHEDULED', 'when the operation happens and who does it'],
  ] as const)('refuses %s without a comment', (to, why) => {
    expect(decideTransition({ from: 'IN_PROGRESS', to, by: 'staff' })).toMatchObject({ allowed: false, reason: 'COMMENT_REQUIRED', message: expect.stringContaining(why) });
    expect(decideTransition({ from: 'IN_PROGRESS', to, by: 'staff', comment: '   ' })).toMatchObject({ reason: 'COMMENT_REQUIRED' });
    expect(decideTransition({ from: 'IN_PROGRESS', to, by: 'staff', comment: 'details' })).toEqual({ allowed: true });
  });

  it('closes only with the answer as a comment and a resolution', () => {
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'CLOSED', by: 'staff', resolution: 'DONE' })).toMatchObject({ reason: 'COMMENT_REQUIRED' });
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'CLOSED', by: 'staff', comment: 'Fixed by restarting Jira' })).toMatchObject({ reason: 'RESOLUTION_REQUIRED' });
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'CLOSED', by: 'staff', comment: 'Fixed', resolution: 'DONE' })).toEqual({ allowed: true });
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'RESOLVED', by: 'staff', resolution: 'CONSULTING' })).toEqual({ allowed: true });
  });

  it('keeps resolutions to the statuses that finish a ticket, and AUTO_CLOSED to the automation', () => {
    expect(decideTransition({ from: 'SUBMITTED', to: 'IN_PROGRESS', by: 'staff', resolution: 'DONE' })).toMatchObject({ reason: 'RESOLUTION_NOT_ALLOWED' });
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'RESOLVED', by: 'staff', resolution: 'AUTO_CLOSED' })).toMatchObject({ reason: 'RESOLUTION_NOT_ALLOWED' });
    expect(decideTransition({ from: 'WAITING_FOR_CUSTOMER', to: 'CLOSED', by: 'system', resolution: 'AUTO_CLOSED' })).toEqual({ allowed: true });
    expect(decideTransition({ from: 'WAITING_FOR_CUSTOMER', to: 'CLOSED', by: 'staff', comment: 'x', resolution: 'DONE' })).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
  });

  it.each(['WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'] as const)('a customer reply or reopen moves %s back to IN_PROGRESS', (from) => {
    expect(decideTransition({ from, to: 'IN_PROGRESS', by: 'customer' })).toEqual({ allowed: true });
  });

  it('lets a customer do nothing else', () => {
    for (const from of TICKET_STATUSES) {
      const targets = allowedTargets(from, 'customer');
      expect({ from, targets }).toEqual({ from, targets: ['WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'].includes(from) ? ['IN_PROGRESS'] : [] });
    }
  });

  it('leaves CHANGE_REQUESTED to change management', () => {
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'CHANGE_REQUESTED', by: 'staff' })).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
    expect(decideTransition({ from: 'IN_PROGRESS', to: 'CHANGE_REQUESTED', by: 'system' })).toEqual({ allowed: true });
  });

  it('refuses a move to the status a ticket already has', () => {
    for (const status of TICKET_STATUSES) {
      expect(decideTransition({ from: status, to: status as TicketStatus, by: 'staff', comment: 'x' })).toMatchObject({ allowed: false, reason: 'ILLEGAL_TRANSITION' });
    }
  });
});
