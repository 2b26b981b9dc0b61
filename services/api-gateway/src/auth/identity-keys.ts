import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdentityQueries } from '@vigil/contracts';
import { verificationKeys, VerifiedTokens, type TokenVerification, type VerificationKeys } from '@vigil/platform-auth';
import { Clock } from '@vigil/platform-clock';
import { RpcClient } from '../rpc-client';
import { GATEWAY_CALLER } from '../http/caller';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/**
 * identity's token verification keys (a JWKS over NATS), kept and refreshed so
 * identity can rotate its signing key while the gateway runs: periodically,
 * and when a token names a key id the gateway does not know, but then at most
 * once per GATEWAY_JWKS_MIN_REFRESH_SECONDS, so tokens with made-up key ids
 * cannot make the gateway hammer identity.
 */
@Injectable()
export class IdentityKeys implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(IdentityKeys.name);
  private keys: VerificationKeys | null = null;
  private fetching: Promise<VerificationKeys> | null = null;
  private lastFetchMs = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private readonly verified = new VerifiedTokens();

  constructor(private readonly rpc: RpcClient, private readonly clock: Clock, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => this.log.warn(`periodic JWKS refresh failed (keeping the keys known): ${error.message}`));
    }, this.config.GATEWAY_JWKS_REFRESH_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async verify(token: string, now: Date): Promise<TokenVerification> {
    const result = await this.verified.verify(token, this.keys ?? (await this.refresh()), now);
    if (!('rejected' in result) || result.rejected !== 'UNKNOWN_KEY') return result;
    if (this.clock.nowMs() - this.lastFetchMs < this.config.GATEWAY_JWKS_MIN_REFRESH_SECONDS * 1000) return result;
    return this.verified.verify(token, await this.refresh(), now);
  }

  /** One fetch at a time; a failed fetch keeps the keys known so far. */
  private refresh(): Promise<VerificationKeys> {
    this.fetching ??= this.rpc
      .call(IdentityQueries.publicKeys, GATEWAY_CALLER, {})
      .then((jwks) => {
        this.lastFetchMs = this.clock.nowMs();
        this.keys = verificationKeys(jwks);
        return this.keys;
      })
      .finally(() => {
        this.fetching = null;
      });
    return this.fetching;
  }
}
