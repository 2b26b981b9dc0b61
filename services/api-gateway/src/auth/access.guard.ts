import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '@vigil/platform-runtime';
import { ACCESS_METADATA, type AccessRule, type AccessTokenClaims } from '@vigil/platform-auth';
import { Clock } from '@vigil/platform-clock';
import { IdentityKeys } from './identity-keys';
import { RevokedSessions } from './revoked-sessions';

export type AuthenticatedRequest = FastifyRequest & { principal: AccessTokenClaims };

const unauthenticated = (detail: string) => new ProblemException(401, 'https://vigil.dev/problems/unauthenticated', 'unauthenticated', detail);
const forbidden = (detail: string) => new ProblemException(403, 'https://vigil.dev/problems/forbidden', 'forbidden', detail);

/**
 * The gateway's one door: a route without an access declaration is refused;
 * otherwise a valid, unexpired access token signed with a key identity
 * publishes, issued by identity for this API, is required, with a role the
 * route allows.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdentityKeys,
    private readonly revoked: RevokedSessions,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!rule) throw forbidden('this route declares no access rule');
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthenticated('an access token is required (Authorization: Bearer …); sign in at POST /v1/auth/sign-in');
    const result = await this.keys.verify(match[1]!, this.clock.now());
    if ('rejected' in result) throw unauthenticated(result.rejected === 'EXPIRED' ? 'the access token has expired; refresh it' : 'the access token is not valid');
    const { claims } = result;
    if (this.revoked.isRevoked(claims.sid, this.clock.nowMs())) throw unauthenticated('the session has been signed out');
    const allowed =
      claims.kind === 'customer'
        ? rule.customers === true && typeof claims.customerId === 'string'
        : rule.roles === 'ANY' || claims.roles.some((r) => (rule.roles as readonly string[]).includes(r));
    if (!allowed) throw forbidden('your role does not allow this');
    if (claims.mustChangePassword && !rule.allowWithExpiredPassword) {
      throw new ProblemException(403, 'https://vigil.dev/problems/password-change-required', 'password change required', 'your password has expired; change it at POST /v1/auth/password');
    }
    request.principal = claims;
    return true;
  }
}
