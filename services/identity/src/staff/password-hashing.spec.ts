import { hashPassword, needsRehash, OWASP_MINIMUM_ARGON2, parametersOf, verifyPassword } from './password-hashing';

describe('password hashing (issue 12: explicit argon2id parameters)', () => {
  it('hashes with argon2id and exactly the parameters it is given, which the stored hash carries', async () => {
    const stored = await hashPassword('Granite-Lantern-73#', { memoryKib: 24_576, timeCost: 3, parallelism: 1 });
    expect(parametersOf(stored)).toEqual({ algorithm: 'argon2id', memoryKib: 24_576, timeCost: 3, parallelism: 1 });
    expect(await verifyPassword(stored, 'Granite-Lantern-73#')).toBe(true);
    expect(await verifyPassword(stored, 'granite-lantern-73#')).toBe(false);
  });

  it('asks for a rehash when the stored parameters differ from today’s or the hash is not argon2id', async () => {
    const today = { memoryKib: 24_576, timeCost: 3, parallelism: 1 };
    const older = await hashPassword('Granite-Lantern-73#', OWASP_MINIMUM_ARGON2);
    expect(needsRehash(older, today)).toBe(true);
    expect(needsRehash(older, OWASP_MINIMUM_ARGON2)).toBe(false);
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA', OWASP_MINIMUM_ARGON2)).toBe(true);
    expect(needsRehash('5f4dcc3b5aa765d61d8327deb882cf99', OWASP_MINIMUM_ARGON2)).toBe(true);
  });

  it('refuses rather than throws on a malformed stored hash', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
