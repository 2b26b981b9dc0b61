import { randomBytes, randomUUID } from 'node:crypto';
import { ReplyAddresses } from './reply-address';

describe('reply addresses (TKT-4 inbound)', () => {
  const addresses = new ReplyAddresses(randomBytes(32).toString('base64'), 'reply.vigil.test');

  it('resolves an address it handed out to its ticket', () => {
    const ticketId = randomUUID();
    const address = addresses.addressFor(ticketId);
    expect(address).toMatch(/^ticket\+[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}@reply\.vigil\.test$/);
    expect(addresses.resolve(address)).toEqual({ ticketId });
  });

  it('refuses another ticket id under a valid token, a token of another key, and foreign addresses', () => {
    const ticketId = randomUUID();
    const forged = addresses.addressFor(ticketId).replace(ticketId, randomUUID());
    expect(addresses.resolve(forged)).toEqual({ refused: 'FORGED_TOKEN' });
    const otherKey = new ReplyAddresses(randomBytes(32).toString('base64'), 'reply.vigil.test');
    expect(addresses.resolve(otherKey.addressFor(ticketId))).toEqual({ refused: 'FORGED_TOKEN' });
    expect(addresses.resolve('support@vigil.test')).toEqual({ refused: 'NOT_A_REPLY_ADDRESS' });
    expect(addresses.resolve(addresses.addressFor(ticketId).replace('reply.vigil.test', 'evil.test'))).toEqual({ refused: 'NOT_A_REPLY_ADDRESS' });
  });

  it('insists on a real key', () => {
    expect(() => new ReplyAddresses(randomBytes(16).toString('base64'), 'reply.vigil.test')).toThrow('at least 32 bytes');
  });
});
