/**
 * ACC-3 staff password policy, as pure functions. The rules:
 *
 * - length: at least `minLength` (8) and at most `maxLength` (256) characters,
 *   counted as Unicode code points; never truncated (argon2id hashes all of it);
 * - upper case, lower case, digit and special character each at least once;
 * - not a common password: rejected when its *skeleton* is on the blocklist;
 * - not similar to the current password: the same skeleton (so `Summer2025!`
 *   after `summer2024?` is refused) or an edit distance of at most
 *   `maxEditDistance` (3); the current password is known in clear while it is
 *   being changed, because the caller proves it;
 * - not any of the last 5 passwords (the current one included);
 * - expires `maxAgeDays` (40) after it was set: the next sign-in must change it.
 *
 * The skeleton of a password is its letters only, lower-cased: what is left
 * when the usual rotation tricks (case, digits, special characters) are taken
 * away. Old passwords are kept only as argon2id hashes of the whole password
 * (issue 12): a hash of a skeleton, or anything derived from a password, would
 * be cheaper to guess than the password's own hash, so older passwords can
 * only be compared exactly (decision 0018).
 */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  maxEditDistance: number;
  historySize: number;
  maxAgeDays: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, maxLength: 256, maxEditDistance: 3, historySize: 5, maxAgeDays: 40 };

export type PasswordProblem =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'NO_UPPER_CASE'
  | 'NO_LOWER_CASE'
  | 'NO_DIGIT'
  | 'NO_SPECIAL_CHARACTER'
  | 'COMMON_PASSWORD'
  | 'TOO_SIMILAR_TO_CURRENT';

export function passwordSkeleton(password: string): string {
  return password.normalize('NFKC').toLowerCase().replace(/[^\p{L}]/gu, '');
}

/** Problems with a new password on its own and against the current one (empty when acceptable). */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  blocklist: ReadonlySet<string>,
  currentPassword?: string,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push('TOO_SHORT');
  if (length > policy.maxLength) problems.push('TOO_LONG');
  if (!/\p{Lu}/u.test(password)) problems.push('NO_UPPER_CASE');
  if (!/\p{Ll}/u.test(password)) problems.push('NO_LOWER_CASE');
  if (!/\p{Nd}/u.test(password)) problems.push('NO_DIGIT');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('NO_SPECIAL_CHARACTER');
  const skeleton = passwordSkeleton(password);
  if (blocklist.has(password.toLowerCase()) || blocklist.has(skeleton)) problems.push('COMMON_PASSWORD');
  if (
    currentPassword !== undefined &&
    (editDistance(password.toLowerCase(), currentPassword.toLowerCase()) <= policy.maxEditDistance || skeleton === passwordSkeleton(currentPassword))
  ) {
    problems.push('TOO_SIMILAR_TO_CURRENT');
  }
  return problems;
}

export function passwordExpired(changedAt: Date, now: Date, policy: PasswordPolicy): boolean {
  return now.getTime() - changedAt.getTime() >= policy.maxAgeDays * 24 * 60 * 60 * 1000;
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}
