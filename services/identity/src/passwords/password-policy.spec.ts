import { COMMON_PASSWORDS } from './common-passwords';
import { DEFAULT_PASSWORD_POLICY as policy, editDistance, passwordExpired, passwordProblems, passwordSkeleton } from './password-policy';

const problems = (password: string, current?: string) => passwordProblems(password, policy, COMMON_PASSWORDS, current);

describe('staff password policy (ACC-3)', () => {
  it('accepts a password with every character class and enough length', () => {
    expect(problems('Tr0ub4dor&3x')).toEqual([]);
  });

  it.each([
    ['Ab1!xyz', 'TOO_SHORT'],
    ['ab1!xyzw', 'NO_UPPER_CASE'],
    ['AB1!XYZW', 'NO_LOWER_CASE'],
    ['Abc!xyzw', 'NO_DIGIT'],
    ['Abc1xyzw', 'NO_SPECIAL_CHARACTER'],
  ])('refuses %s: %s', (password, problem) => {
    expect(problems(password)).toContain(problem);
  });

  it('counts characters, not bytes: eight umlauts and signs are eight characters', () => {
    expect(problems('Äöü1!ßéè')).not.toContain('TOO_SHORT');
  });

  it('accepts long passphrases up to the limit and never truncates them', () => {
    const long = `Aa1!${'x'.repeat(252)}`;
    expect(problems(long)).toEqual([]);
    expect(problems(`${long}y`)).toContain('TOO_LONG');
  });

  it('refuses common passwords dressed up with case, digits and signs', () => {
    expect(problems('Password123!')).toContain('COMMON_PASSWORD');
    expect(problems('Sommer2025!')).toContain('COMMON_PASSWORD');
    expect(problems('Qwertz#2024')).toContain('COMMON_PASSWORD');
  });

  it('refuses a new password within three edits of the current one', () => {
    expect(problems('Tr0ub4dor&4y', 'Tr0ub4dor&3x')).toContain('TOO_SIMILAR_TO_CURRENT');
    expect(problems('Correct-Horse-7', 'Tr0ub4dor&3x')).not.toContain('TOO_SIMILAR_TO_CURRENT');
  });

  it('reduces a password to its letter skeleton and refuses a new password with the current one\'s skeleton, however many edits away', () => {
    expect(passwordSkeleton('Summer2025!')).toBe(passwordSkeleton('summer-2024?'));
    expect(passwordSkeleton('Tr0ub4dor&3x')).toBe('trubdorx');
    expect(problems('Granite#Lantern#9999', 'granite-lantern-73!')).toContain('TOO_SIMILAR_TO_CURRENT');
  });

  it('expires a password 40 days after it was set', () => {
    const setAt = new Date('2026-10-01T12:00:00Z');
    expect(passwordExpired(setAt, new Date('2026-11-10T11:59:59Z'), policy)).toBe(false);
    expect(passwordExpired(setAt, new Date('2026-11-10T12:00:00Z'), policy)).toBe(true);
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
