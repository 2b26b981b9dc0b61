import { accessReportText, buildAccessReport, flagsFor, keyFlagsFor, type AccountAccess } from './access-report';

const now = new Date('2026-12-01T06:00:00Z');
const account = (overrides: Partial<AccountAccess> = {}): AccountAccess => ({
  accountId: 'a1',
  email: 'lead@vigil.local',
  kind: 'staff',
  roles: ['SUPPORT_TEAM_LEAD'],
  lastSignInAt: '2026-11-28T09:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
  mfaEnrolled: true,
  passwordChangedAt: '2026-11-20T00:00:00Z',
  ...overrides,
});

describe('monthly access report (ACC-5)', () => {
  it('flags integration keys never used or not used for 45 days', () => {
    const key = { integrationId: 'k1', name: 'old', scopes: ['alerts:write'], issuedAt: '2026-01-01T00:00:00Z', lastUsedAt: null };
    expect(keyFlagsFor(key, now)).toEqual(['UNUSED']);
    expect(keyFlagsFor({ ...key, lastUsedAt: '2026-09-01T00:00:00Z' }, now)).toEqual(['DORMANT']);
    expect(keyFlagsFor({ ...key, lastUsedAt: '2026-11-30T00:00:00Z' }, now)).toEqual([]);
    expect(keyFlagsFor({ ...key, issuedAt: '2026-11-25T00:00:00Z' }, now)).toEqual([]);
  });

  it('flags nothing for an active, enrolled account with a fresh password', () => {
    expect(flagsFor(account(), now, 40)).toEqual([]);
  });

  it('flags dormant accounts, accounts never used, missing MFA and expired passwords', () => {
    expect(flagsFor(account({ lastSignInAt: '2026-10-01T00:00:00Z' }), now, 40)).toEqual(['DORMANT']);
    expect(flagsFor(account({ lastSignInAt: null }), now, 40)).toEqual(['NEVER_SIGNED_IN']);
    expect(flagsFor(account({ lastSignInAt: null, createdAt: '2026-11-25T00:00:00Z' }), now, 40)).toEqual([]); // new, not yet dormant
    expect(flagsFor(account({ mfaEnrolled: false }), now, 40)).toEqual(['NO_MFA']);
    expect(flagsFor(account({ passwordChangedAt: '2026-10-01T00:00:00Z' }), now, 40)).toEqual(['PASSWORD_EXPIRED']);
  });

  it('lists every account with roles, last sign-in and MFA, flagged ones first', () => {
    const key = { integrationId: 'k1', name: 'Prometheus EU', scopes: ['alerts:write'], issuedAt: '2026-01-01T00:00:00Z', lastUsedAt: '2026-11-30T23:00:00Z' };
    const report = buildAccessReport('2026-11', [account(), account({ accountId: 'a2', email: 'old@vigil.local', lastSignInAt: null })], [key], now, 40);
    const text = accessReportText(report);
    expect(text).toContain('2 accounts, 1 need attention');
    expect(text.indexOf('old@vigil.local')).toBeLessThan(text.indexOf('All accounts:'));
    expect(text).toContain('- lead@vigil.local (staff): SUPPORT_TEAM_LEAD; last sign-in 2026-11-28T09:00:00Z; MFA yes');
    expect(text).toContain('- Prometheus EU (alerts:write): issued 2026-01-01T00:00:00Z; last used 2026-11-30T23:00:00Z');
  });

  it('ACC-5, issue 13: reports the invitations, role changes and deactivations since the previous review', () => {
    const changes = [
      { at: '2026-11-03T10:00:00Z', actor: 'staff:h1', action: 'staff.invited', target: 'staff:s9', after: { email: 'grace@vigil.example', roles: ['SUPPORT_ENGINEER'], invitationExpiresAt: '2026-11-06T10:00:00Z' } },
      { at: '2026-11-04T10:00:00Z', actor: 'staff:h1', action: 'staff.roles-changed', target: 'staff:s9', after: { roles: ['SUPPORT_TEAM_LEAD'], added: ['SUPPORT_TEAM_LEAD'], removed: ['SUPPORT_ENGINEER'], sessionsEnded: 1 } },
      { at: '2026-11-05T10:00:00Z', actor: 'customer:c1', action: 'customer-user.deactivated', target: 'customer-user:u2', after: { customerId: 'k1', active: false, sessionsEnded: 0 } },
    ];
    const report = buildAccessReport('2026-11', [account()], [], now, 40, changes);
    expect(report.accountChanges).toEqual(changes);
    const text = accessReportText(report);
    expect(text).toContain('- 2026-11-03T10:00:00Z staff.invited staff:s9 by staff:h1 (roles ["SUPPORT_ENGINEER"], email "grace@vigil.example")');
    expect(text).toContain('- 2026-11-04T10:00:00Z staff.roles-changed staff:s9 by staff:h1 (roles ["SUPPORT_TEAM_LEAD"], sessionsEnded 1)');
    expect(text).toContain('- 2026-11-05T10:00:00Z customer-user.deactivated customer-user:u2 by customer:c1 (customerId "k1", sessionsEnded 0)');
  });
});
