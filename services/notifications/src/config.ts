import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const notificationsConfigSchema = Type.Object({
  NOTIFICATIONS_PORT: Type.Integer({ default: 3030 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Outgoing mail relay, e.g. smtp://user:pass@mail.example:587 (credentials never logged). */
  SMTP_URL: Type.String({ default: 'smtp://127.0.0.1:1025' }),
  MAIL_FROM: Type.String({ default: 'Vigil <vigil@vigil.local>' }),
  /** Issue 19: SMTP connections kept open to the relay, each sending one message at a time. */
  SMTP_MAX_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /** For relays that impose a rate: at most this many messages per second over all connections (0: no limit). */
  SMTP_MAX_MESSAGES_PER_SECOND: Type.Integer({ minimum: 0, default: 0 }),
  /** MON-3 recipients: the on-call engineer, the team lead, the head of managed services. */
  ONCALL_EMAIL: Type.String({ default: 'oncall@vigil.local' }),
  TEAM_LEAD_EMAIL: Type.String({ default: 'team-lead@vigil.local' }),
  HEAD_OF_MANAGED_SERVICES_EMAIL: Type.String({ default: 'head-of-managed-services@vigil.local' }),
  /** TKT-4: the support team hears of reopened tickets. */
  SUPPORT_TEAM_EMAIL: Type.String({ default: 'support@vigil.local' }),
  /** TKT-4 inbound: replies to ticket emails arrive over SMTP on this port. */
  INBOUND_SMTP_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 2525 }),
  /**
   * STARTTLS on the inbound port (issue 12): PEM private key and certificate
   * files, both or neither. Without them STARTTLS is not offered (never with
   * a made-up certificate).
   */
  INBOUND_SMTP_TLS_KEY_FILE: Type.String({ default: '' }),
  INBOUND_SMTP_TLS_CERT_FILE: Type.String({ default: '' }),
  /** Domain of the per-ticket reply addresses (`ticket+<id>.<token>@…`); its MX points at the inbound port. */
  REPLY_DOMAIN: Type.String({ minLength: 1, default: 'reply.vigil.local' }),
  /** Key (base64, at least 32 bytes) that signs reply addresses so they cannot be forged. */
  REPLY_TOKEN_SECRET: Type.String({ minLength: 44 }),
});
export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;
export const loadNotificationsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(notificationsConfigSchema, env);
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
