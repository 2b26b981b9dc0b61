import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { CustomerSignInRequest, IdentityQueries, RefreshRequest, SignInRequest, violations, type SessionTokens } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { RpcClient } from '../rpc-client';
import { callerOf, GATEWAY_CALLER } from '../http/caller';
import { Public, StaffOnly, StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from './access.guard';

function validated<S extends TSchema>(schema: S, body: unknown): Static<S> {
  const errors = violations(schema, body);
  if (errors.length > 0) throw new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', errors.join('; '), { errors });
  return body as Static<S>;
}

const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

/** Staff sessions: sign in with password and TOTP code, refresh, sign out (ACC-3, ACC-4). */
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  signIn(@Req() request: FastifyRequest, @Body() body: unknown): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.signIn, GATEWAY_CALLER, { ...validated(SignInRequest, body), clientAddress: request.ip });
  }

  /** Customer users (portal): email and password; what they see is bounded by their customer (ACC-6). */
  @Post('customer/sign-in')
  @HttpCode(200)
  @Public()
  customerSignIn(@Req() request: FastifyRequest, @Body() body: unknown): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.customerSignIn, GATEWAY_CALLER, { ...validated(CustomerSignInRequest, body), clientAddress: request.ip });
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  refresh(@Body() body: unknown): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.refresh, GATEWAY_CALLER, validated(RefreshRequest, body));
  }

  /** ACC-3; also reachable with an expired password, which is the point. */
  @Post('password')
  @HttpCode(200)
  @StaffOnly('ANY', { allowWithExpiredPassword: true })
  changePassword(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<{ passwordChangedAt: string }> {
    const change = validated(ChangePasswordBody, body);
    return this.rpc.call(IdentityQueries.changePassword, callerOf(request), { ...change, sessionId: request.principal.sid });
  }

  @Post('sign-out')
  @HttpCode(204)
  @StaffOrOwnCustomer('ANY', { allowWithExpiredPassword: true })
  async signOut(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.rpc.call(IdentityQueries.signOut, callerOf(request), { sessionId: request.principal.sid });
  }
}
