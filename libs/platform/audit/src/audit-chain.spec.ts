import { randomUUID } from 'node:crypto';
import { auditHash, GENESIS_HASH, verifyAuditChain, type AuditEntry } from './audit-chain';
import { canonicalJson } from './canonical-json';

function chain(length: number): Array<AuditEntry & { hash: string }> {
  const entries: Array<AuditEntry & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let position = 1; position <= length; position++) {
    const entry: AuditEntry = {
      position,
      id: randomUUID(),
      occurredAt: new Date(Date.UTC(2026, 10, 22, 10, position)).toISOString(),
      actor: `staff:${position}`,
      action: 'ticket.created',
      target: `ticket:${position}`,
      before: null,
      after: { severity: 'S1', n: position },
      requestId: null,
      traceId: null,
      prevHash,
    };
    const hash = auditHash(entry);
    entries.push({ ...entry, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit hash chain (ACC-1)', () => {
  it('verifies an untouched chain, with and without a witness', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries)).toEqual([]);
    expect(verifyAuditChain(entries, { position: 5, hash: entries[4]!.hash })).toEqual([]);
    expect(verifyAuditChain(entries, { position: 3, hash: entries[2]!.hash })).toEqual([]); // the witness may lag
  });

  it('detects an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actor: 'staff:someone-else' };
    expect(verifyAuditChain(entries)).toEqual([{ position: 3, problem: 'CONTENT_CHANGED' }]);
  });

  it('detects an edit whose hash was recomputed: the next link breaks', () => {
    const entries = chain(5);
    const forged = { ...entries[2]!, after: { severity: 'S4' } };
    const { hash: _forgedHash, ...content } = forged;
    entries[2] = { ...forged, hash: auditHash(content) };
    expect(verifyAuditChain(entries)).toEqual([{ position: 4, problem: 'LINK_BROKEN' }]);
  });

  it('detects a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyAuditChain(entries)).toEqual([
      { position: 2, problem: 'MISSING' },
      { position: 3, problem: 'LINK_BROKEN' },
    ]);
  });

  it('detects a removed tail, and a truncated log, against the witness', () => {
    const entries = chain(5);
    const witness = { position: 5, hash: entries[4]!.hash };
    expect(verifyAuditChain(entries.slice(0, 3), witness)).toEqual([{ position: 4, problem: 'TAIL_MISSING' }]);
    expect(verifyAuditChain([], witness)).toEqual([{ position: 1, problem: 'TAIL_MISSING' }]);
  });

  it('hashes canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const [entry] = chain(1);
    const { hash, ...content } = entry!;
    expect(auditHash({ ...content, after: { n: 1, severity: 'S1' } })).toBe(hash);
    expect(auditHash({ ...content, after: { n: 2, severity: 'S1' } })).not.toBe(hash);
  });
});
