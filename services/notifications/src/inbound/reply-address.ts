import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Per-ticket reply addresses, `ticket+<ticket id>.<token>@<domain>`: the token
 * is an HMAC of the ticket id, so only addresses Vigil handed out are accepted
 * and nobody can post into a ticket by guessing its id (TKT-4).
 */
export class ReplyAddresses {
  private readonly key: Buffer;
  private readonly pattern: RegExp;

  constructor(secretBase64: string, private readonly domain: string) {
    this.key = Buffer.from(secretBase64, 'base64');
    if (this.key.length < 32) throw new Error('REPLY_TOKEN_SECRET must hold at least 32 bytes');
    this.pattern = new RegExp(`^ticket\\+(${UUID})\\.([A-Za-z0-9_-]{22})@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
  }

  addressFor(ticketId: string): string {
    return `ticket+${ticketId}.${this.token(ticketId)}@${this.domain}`;
  }

  /** The ticket an address belongs to, or a reason it is refused. */
  resolve(address: string): { ticketId: string } | { refused: 'NOT_A_REPLY_ADDRESS' | 'FORGED_TOKEN' } {
    const match = this.pattern.exec(address.trim());
    if (!match) return { refused: 'NOT_A_REPLY_ADDRESS' };
    const ticketId = match[1]!.toLowerCase();
    const expected = Buffer.from(this.token(ticketId));
    const presented = Buffer.from(match[2]!);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { refused: 'FORGED_TOKEN' };
    return { ticketId };
  }

  /** 128 bits of HMAC-SHA256, base64url (22 characters). */
  private token(ticketId: string): string {
    return createHmac('sha256', this.key).update(`ticket-reply:${ticketId}`).digest().subarray(0, 16).toString('base64url');
  }
}
