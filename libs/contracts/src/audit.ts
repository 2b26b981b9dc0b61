import { Type, type Static } from '@sinclair/typebox';
import { defineQuery, responseOf, RpcErrorCode, type WithCaller } from './rpc';
import { defineEvent, type EventContract } from './envelope';
import { AUDIT_STREAM } from './streams';

const AuditAppendedData = Type.Object(
  { service: Type.String(), position: Type.Integer({ minimum: 1 }), hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);
export type AuditAppendedData = Static<typeof AuditAppendedData>;

/** Published for every audit entry, one subject per service, so the last one is the chain head's witness. */
export const auditAppended = (service: string): EventContract<typeof AuditAppendedData> =>
  defineEvent(AUDIT_STREAM, `audit.${service}.appended`, 1, AuditAppendedData);

/** Services whose audit logs staff can read through the gateway. */
export const AUDITED_SERVICES = ['identity', 'ticketing', 'monitoring-ingest', 'notifications', 'customers'] as const;
export type AuditedService = (typeof AUDITED_SERVICES)[number];


export const ListAuditRequest = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 200 })),
    target: Type.Optional(Type.String({ maxLength: 200 })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ListAuditRequest = WithCaller<Static<typeof ListAuditRequest>>;
export const VerifyAuditRequest = Type.Object({}, { additionalProperties: false });

/** One chain check: intact or the problems found, with the head last witnessed outside the database. */
export interface AuditVerification {
  service: string;
  entries: number;
  witness: { position: number; hash: string } | null;
  intact: boolean;
  problems: Array<Record<string, unknown>>;
}

/** Every audited service serves its log and its chain check under its own subjects (ACC-1). */
export const auditQueries = (service: string) => ({
  list: defineQuery({ subject: `rpc.${service}.audit.list`, request: ListAuditRequest, response: responseOf<{ entries: unknown[] }>(), errors: [RpcErrorCode.InvalidRequest], callers: ['staff'] }),
  verify: defineQuery({ subject: `rpc.${service}.audit.verify`, request: VerifyAuditRequest, response: responseOf<AuditVerification>(), callers: ['staff'] }),
});
