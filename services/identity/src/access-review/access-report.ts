/**
 * ACC-5: the monthly access report, as pure functions: who can do what, when
 * they last signed in, whether MFA is set up, and what needs attention.
 */
export interface AccountAccess {
  accountId: string;
  email: string;
  kind: 'staff' | 'customer';
  /** Customer users: the one customer they can see. */
  customerId?: string;
  roles: string[];
  lastSignInAt: string | null;
  createdAt: string;
  mfaEnrolled: boolean;
  passwordChangedAt: string;
}

export type AccessFlag = 'DORMANT' | 'NEVER_SIGNED_IN' | 'NO_MFA' | 'PASSWORD_EXPIRED';

export interface KeyAccess {
  integrationId: string;
  name: string;
  scopes: string[];
  issuedAt: string;
  lastUsedAt: string | null;
}

export type KeyFlag = 'UNUSED' | 'DORMANT';

/** Who got, lost or changed access since the previous review (issue 13), from the audit log. */
export interface AccountChange {
  at: string;
  actor: string;
  action: string;
  target: string;
  after: Record<string, unknown>;
}

/** The audited actions that change who can do what (never a secret in their entries). */
export const ACCOUNT_CHANGE_ACTIONS = [
  'staff.created',
  'staff.invited',
  'staff.roles-changed',
  'staff.deactivated',
  'staff.reactivated',
  'customer-user.invited',
  'customer-user.deactivated',
  'customer-user.password-reset',
] as const;

export interface AccessReport {
  period: string;
  generatedAt: string;
  accounts: Array<AccountAccess & { flags: AccessFlag[] }>;
  /** Active integration API keys and their last use. */
  integrationKeys: Array<KeyAccess & { flags: KeyFlag[] }>;
  /** Account changes since the previous review, oldest first (absent in reports made before issue 13). */
  accountChanges?: AccountChange[];
}

export function keyFlagsFor(key: KeyAccess, now: Date): KeyFlag[] {
  const ageDays = (iso: string) => (now.getTime() - Date.parse(iso)) / DAY;
  if (key.lastUsedAt === null) return ageDays(key.issuedAt) >= DORMANT_AFTER_DAYS ? ['UNUSED'] : [];
  return ageDays(key.lastUsedAt) >= DORMANT_AFTER_DAYS ? ['DORMANT'] : [];
}

/** No sign-in for this long makes an account dormant: review whether it is still needed. */
export const DORMANT_AFTER_DAYS = 45;
const DAY = 24 * 60 * 60 * 1000;

export function flagsFor(account: AccountAccess, now: Date, passwordMaxAgeDays: number): AccessFlag[] {
  const flags: AccessFlag[] = [];
  const ageDays = (iso: string) => (now.getTime() - Date.parse(iso)) / DAY;
  if (account.lastSignInAt === null) {
    if (ageDays(account.createdAt) >= DORMANT_AFTER_DAYS) flags.push('NEVER_SIGNED_IN');
  } else if (ageDays(account.lastSignInAt) >= DORMANT_AFTER_DAYS) {
    flags.push('DORMANT');
  }
  if (account.kind === 'staff' && !account.mfaEnrolled) flags.push('NO_MFA'); // TOTP is a staff duty (ACC-4)
  if (ageDays(account.passwordChangedAt) >= passwordMaxAgeDays) flags.push('PASSWORD_EXPIRED');
  return flags;
}

export function buildAccessReport(period: string, accounts: AccountAccess[], keys: KeyAccess[], now: Date, passwordMaxAgeDays: number, accountChanges: AccountChange[] = []): AccessReport {
  return {
    period,
    generatedAt: now.toISOString(),
    accounts: accounts.map((a) => ({ ...a, flags: flagsFor(a, now, passwordMaxAgeDays) })),
    integrationKeys: keys.map((k) => ({ ...k, flags: keyFlagsFor(k, now) })),
    accountChanges,
  };
}

const changeLine = (c: AccountChange) => {
  const details = ['roles', 'email', 'customerId', 'admin', 'sessionsEnded'].filter((key) => c.after[key] !== undefined).map((key) => `${key} ${JSON.stringify(c.after[key])}`);
  return `- ${c.at} ${c.action} ${c.target} by ${c.actor}${details.length ? ` (${details.join(', ')})` : ''}`;
};

export function accessReportText(report: AccessReport): string {
  const flagged = report.accounts.filter((a) => a.flags.length > 0);
  const line = (a: AccessReport['accounts'][number]) =>
    `- ${a.email} (${a.kind === 'customer' ? `customer ${a.customerId}` : 'staff'}): ${a.roles.join(', ') || 'no roles'}; last sign-in ${a.lastSignInAt ?? 'never'}; MFA ${a.mfaEnrolled ? 'yes' : 'NO'}` +
    (a.flags.length ? `; NEEDS ATTENTION: ${a.flags.join(', ')}` : '');
  return [
    `Access review ${report.period} (generated ${report.generatedAt})`,
    '',
    `${report.accounts.length} accounts, ${flagged.length} need attention. Wrong rights must be fixed at once (ACC-5);`,
    'a right that should never have existed may be a security incident.',
    '',
    ...(flagged.length ? ['Needs attention:', ...flagged.map(line), ''] : []),
    'All accounts:',
    ...report.accounts.map(line),
    '',
    'Integration API keys:',
    ...(report.integrationKeys.length
      ? report.integrationKeys.map(
          (k) => `- ${k.name} (${k.scopes.join(', ')}): issued ${k.issuedAt}; last used ${k.lastUsedAt ?? 'never'}` + (k.flags.length ? `; NEEDS ATTENTION: ${k.flags.join(', ')}` : ''),
        )
      : ['- none']),
    '',
    'Account changes since the previous review (invitations, role changes, deactivations, resets):',
    ...(report.accountChanges?.length ? report.accountChanges.map(changeLine) : ['- none']),
  ].join('\n');
}
