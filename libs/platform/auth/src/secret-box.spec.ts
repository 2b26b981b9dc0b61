import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox (secrets encrypted at rest)', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips a secret and never shows it in the sealed form', () => {
    const secret = Buffer.from('12345678901234567890');
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.toString('base64url'));
    expect(box.open(sealed)).toEqual(secret);
    expect(box.seal(secret)).not.toBe(sealed); // fresh IV every time
  });

  it('detects tampering and a wrong key', () => {
    const sealed = box.seal(Buffer.from('secret'));
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
