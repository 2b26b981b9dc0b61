import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Caller, InputOf, RequestOf, ResponseOf, RpcContract } from '@vigil/contracts';
import { Clock } from '@vigil/platform-clock';
import { requestReply, RpcError } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { problemForRpcError, serviceDidNotAnswer } from './http/rpc-problems';

/**
 * Request/reply to domain services with the gateway's deadline, typed by the
 * contract. Error replies become problem details (mapped once, in
 * rpc-problems.ts); a service that does not answer in time is a 503.
 */
@Injectable()
export class RpcClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly clock: Clock,
  ) {}

  async call<C extends RpcContract>(contract: C, caller: Caller, input: InputOf<C>): Promise<ResponseOf<C>> {
    // The one place input and caller meet; the contract types both halves.
    const request = { ...input, caller } as unknown as RequestOf<C>;
    try {
      return await requestReply(this.nc, contract, request, { timeoutMs: this.config.GATEWAY_RPC_TIMEOUT_MS, clock: this.clock });
    } catch (error) {
      throw error instanceof RpcError ? problemForRpcError(error) : serviceDidNotAnswer();
    }
  }
}
