import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { requestReply, RpcError } from '@vigil/platform-messaging';
import { NATS_CONNECTION, ProblemException } from '@vigil/platform-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';

const STATUS_BY_CODE: Record<string, number> = { INVALID_REQUEST: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, UNPROCESSABLE: 422, RATE_LIMITED: 429 };

/**
 * Request/reply to domain services with the gateway's deadline. Error replies
 * become problem details; a service that does not answer in time is a 503.
 */
@Injectable()
export class RpcClient {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async call<T>(subject: string, payload: unknown): Promise<T> {
    try {
      return await requestReply<T>(this.nc, subject, payload, this.config.GATEWAY_RPC_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof RpcError) {
        const status = STATUS_BY_CODE[error.code] ?? 502;
        throw new ProblemException(status, `https://vigil.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`, error.code.toLowerCase().replace(/_/g, ' '), status < 500 ? error.message : undefined, status < 500 ? error.details : undefined);
      }
      throw new ProblemException(503, 'https://vigil.dev/problems/service-unavailable', 'service unavailable', 'the responsible service did not answer in time');
    }
  }
}
