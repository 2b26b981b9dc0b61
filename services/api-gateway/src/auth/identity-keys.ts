import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { IdentityQueries } from '@vigil/contracts';
import { publicKeyFromPem } from '@vigil/platform-auth';
import { RpcClient } from '../rpc-client';
import { GATEWAY_CALLER } from '../http/caller';

/** identity's token verification key, fetched once over NATS and kept. */
@Injectable()
export class IdentityKeys {
  private key: Promise<KeyObject> | null = null;

  constructor(private readonly rpc: RpcClient) {}

  publicKey(): Promise<KeyObject> {
    this.key ??= this.rpc.call(IdentityQueries.publicKey, GATEWAY_CALLER, {}).then(
      ({ publicKeyPem }) => publicKeyFromPem(publicKeyPem),
      (error: unknown) => {
        this.key = null; // try again on the next request
        throw error;
      },
    );
    return this.key;
  }
}
