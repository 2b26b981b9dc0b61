import { defineCommand, defineQuery, RpcErrorCode } from './rpc';
import { AlertPage, GetRoutingRulesRequest, IssuedSigningSecret, ListAlertsRequest, RoutingRulesView, SetRoutingRulesRequest, SigningSecretRemoved, SigningSecretRequest } from './monitoring.queries';

/** What monitoring-ingest answers with when a request cannot be done. */
export const MonitoringError = {
  NotFound: RpcErrorCode.NotFound,
  /** Routing rules that cannot work (e.g. a pattern that does not compile). */
  Unprocessable: RpcErrorCode.Unprocessable,
  InvalidRequest: RpcErrorCode.InvalidRequest,
} as const;
export type MonitoringError = (typeof MonitoringError)[keyof typeof MonitoringError];

const E = MonitoringError;
const staffOnly = ['staff'] as const;

/** Request/reply operations of monitoring-ingest (staff reads and integration settings). */
export const MonitoringQueries = {
  listAlerts: defineQuery({ subject: 'rpc.monitoring.alerts.list', request: ListAlertsRequest, response: AlertPage, errors: [E.InvalidRequest], callers: staffOnly }),
  getRoutingRules: defineQuery({ subject: 'rpc.monitoring.integrations.routing-rules.get', request: GetRoutingRulesRequest, response: RoutingRulesView, errors: [E.NotFound], callers: staffOnly }),
  setRoutingRules: defineCommand({ subject: 'rpc.monitoring.integrations.routing-rules.set', request: SetRoutingRulesRequest, response: RoutingRulesView, errors: [E.NotFound, E.Unprocessable], callers: staffOnly }),
  issueSigningSecret: defineCommand({ subject: 'rpc.monitoring.integrations.signing-secret.issue', request: SigningSecretRequest, response: IssuedSigningSecret, errors: [E.NotFound], callers: staffOnly }),
  removeSigningSecret: defineCommand({ subject: 'rpc.monitoring.integrations.signing-secret.remove', request: SigningSecretRequest, response: SigningSecretRemoved, errors: [E.NotFound], callers: staffOnly }),
} as const;
