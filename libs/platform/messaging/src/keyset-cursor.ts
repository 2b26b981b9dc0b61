import { DomainError, RpcErrorCode } from '@vigil/contracts';

/** Opaque keyset cursors: the sort key of the last row of a page. */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) return values as string[];
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new DomainError(RpcErrorCode.InvalidRequest, 'cursor is not one this API handed out');
}
