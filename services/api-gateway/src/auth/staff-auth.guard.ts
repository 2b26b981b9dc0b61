import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityQueries, type StaffPrincipal } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { RpcClient } from '../rpc-client';

export type StaffRequest = FastifyRequest & { staff: StaffPrincipal };

const unauthenticated = () =>
  new ProblemException(401, 'https://vigil.dev/problems/unauthenticated', 'unauthenticated', 'staff credentials are required (HTTP Basic: email and password)');

/**
 * Staff sign-in for the first routes: HTTP Basic checked by the identity
 * service. Tokens with TOTP replace this in the identity issue (ACC-4).
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(private readonly rpc: RpcClient) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.header('www-authenticate', 'Basic realm="vigil", charset="UTF-8"');
    const credentials = parseBasic(request.headers.authorization);
    if (!credentials) throw unauthenticated();
    try {
      request.staff = await this.rpc.call<StaffPrincipal>(IdentityQueries.authenticateStaff, credentials);
    } catch (error) {
      if (error instanceof ProblemException && (error.getStatus() === 401 || error.getStatus() === 400)) throw unauthenticated();
      throw error;
    }
    return true;
  }
}

function parseBasic(header: string | undefined): { email: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
