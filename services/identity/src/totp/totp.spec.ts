import { base32Decode, base32Encode, hotp, otpauthUri, totpStep, verifyTotp } from './totp';

// RFC 6238 appendix B: SHA-1 seed "12345678901234567890", 8 digits.
const rfcSecret = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (ACC-4, RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC 6238 test vector at T=%i', (seconds, expected) => {
    expect(hotp(rfcSecret, totpStep(new Date(seconds * 1000)), 8)).toBe(expected);
  });

  const secret = Buffer.from('3132333435363738393031323334353637383930', 'hex');
  const now = new Date('2026-11-22T10:00:10Z');
  const step = totpStep(now);
  const codeAt = (s: number) => hotp(secret, s);

  it('accepts the current code and one step of drift either way', () => {
    expect(verifyTotp(secret, codeAt(step), now, null)).toBe(step);
    expect(verifyTotp(secret, codeAt(step - 1), now, null)).toBe(step - 1);
    expect(verifyTotp(secret, codeAt(step + 1), now, null)).toBe(step + 1);
  });

  it('refuses codes two steps off', () => {
    expect(verifyTotp(secret, codeAt(step - 2), now, null)).toBeNull();
    expect(verifyTotp(secret, codeAt(step + 2), now, null)).toBeNull();
  });

  it('refuses a replayed code, even within its own step', () => {
    const used = verifyTotp(secret, codeAt(step), now, null);
    expect(used).toBe(step);
    expect(verifyTotp(secret, codeAt(step), now, used)).toBeNull();
    expect(verifyTotp(secret, codeAt(step - 1), now, used)).toBeNull(); // older than the last accepted one
    expect(verifyTotp(secret, codeAt(step + 1), now, used)).toBe(step + 1);
  });

  it('refuses anything that is not six digits', () => {
    expect(verifyTotp(secret, '12345', now, null)).toBeNull();
    expect(verifyTotp(secret, `${codeAt(step)}0`, now, null)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now, null)).toBeNull();
  });

  it('encodes the secret in base32 for the otpauth enrolment URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI'); // RFC 4648 test vector
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(rfcSecret))).toEqual(rfcSecret);
    const uri = new URL(otpauthUri('Vigil', 'lead@vigil.local', rfcSecret));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Vigil:lead@vigil.local');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
