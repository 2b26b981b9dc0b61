import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** One audit entry as hashed (ACC-1). */
export interface AuditEntry {
  position: number;
  id: string;
  occurredAt: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  traceId: string | null;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Each entry's hash covers its content and the previous hash: changing any entry breaks every later link. */
export function auditHash(entry: AuditEntry): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export interface ChainProblem {
  position: number;
  problem: 'MISSING' | 'CONTENT_CHANGED' | 'LINK_BROKEN' | 'TAIL_MISSING';
}

/**
 * Checks a chain read in position order: positions are 1..n without gaps, each
 * entry links to its predecessor's hash and hashes to its stored hash. With a
 * witness (the last position and hash published outside the database), a
 * removed tail is caught too.
 */
export function verifyAuditChain(
  entries: Array<AuditEntry & { hash: string }>,
  witness?: { position: number; hash: string } | null,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedPosition = 1;
  let previousHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.position !== expectedPosition) {
      for (let p = expectedPosition; p < entry.position; p++) problems.push({ position: p, problem: 'MISSING' });
    }
    if (entry.prevHash !== previousHash) problems.push({ position: entry.position, problem: 'LINK_BROKEN' });
    const { hash, ...content } = entry;
    if (auditHash(content) !== hash) problems.push({ position: entry.position, problem: 'CONTENT_CHANGED' });
    previousHash = hash;
    expectedPosition = entry.position + 1;
  }
  if (witness && witness.position >= expectedPosition) problems.push({ position: expectedPosition, problem: 'TAIL_MISSING' });
  if (witness && witness.position < expectedPosition) {
    const witnessed = entries.find((e) => e.position === witness.position);
    if (witnessed && witnessed.hash !== witness.hash) problems.push({ position: witness.position, problem: 'CONTENT_CHANGED' });
  }
  return problems;
}
