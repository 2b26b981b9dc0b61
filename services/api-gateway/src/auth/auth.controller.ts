import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { CustomerPasswordResetRedemption, CustomerSignInRequest, IdentityQueries, RefreshRequest, SignInRequest, type SessionTokens } from '@vigil/contracts';
import { RpcClient } from '../rpc-client';
import { callerOf, GATEWAY_CALLER } from '../http/caller';
import { ApiRefusals, ApiResponse } from '../http/api-docs.decorators';
import { ValidBody } from '../http/valid-body.decorator';
import { PasswordChanged, SessionTokensView } from '../openapi/identity-views';
import { Public, StaffOnly, StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from './access.guard';

const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false, examples: [{ currentPassword: 'the current password', newPassword: 'a new passphrase of 12 or more characters' }] },
);

const SIGN_IN_REFUSALS = { 401: 'Wrong email, password or code; the same answer whether or not the account exists', 429: 'Too many failed sign-ins; retry after the time given' };

/** Staff sessions: sign in with password and TOTP code, refresh, sign out (ACC-3, ACC-4). */
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiResponse('A session: a short-lived access token and a refresh token', SessionTokensView)
  @ApiRefusals(SIGN_IN_REFUSALS)
  signIn(@Req() request: FastifyRequest, @ValidBody(SignInRequest) body: Static<typeof SignInRequest>): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.signIn, GATEWAY_CALLER, { ...body, clientAddress: request.ip });
  }

  /** Customer users (portal): email and password; what they see is bounded by their customer (ACC-6). */
  @Post('customer/sign-in')
  @HttpCode(200)
  @Public()
  @ApiResponse('A session of the customer user', SessionTokensView)
  @ApiRefusals(SIGN_IN_REFUSALS)
  customerSignIn(@Req() request: FastifyRequest, @ValidBody(CustomerSignInRequest) body: Static<typeof CustomerSignInRequest>): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.customerSignIn, GATEWAY_CALLER, { ...body, clientAddress: request.ip });
  }

  /** Issue 13: a customer user's set-password token (from its invitation or a reset) sets its password, once. */
  @Post('customer/password-reset')
  @HttpCode(200)
  @Public()
  @ApiResponse('The password is set; the token is used up and every session of the user has ended', PasswordChanged)
  @ApiRefusals({ 400: 'The new password breaks the policy (the token stays usable)', 401: 'The token is unknown, used or expired' })
  redeemCustomerPasswordReset(@ValidBody(CustomerPasswordResetRedemption) body: Static<typeof CustomerPasswordResetRedemption>): Promise<{ passwordChangedAt: string }> {
    return this.rpc.call(IdentityQueries.redeemCustomerPasswordReset, GATEWAY_CALLER, body);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiResponse('New tokens; the refresh token presented is used up', SessionTokensView)
  @ApiRefusals({ 401: 'The refresh token is unknown, expired, used up (its session then ends) or its session has ended' })
  refresh(@ValidBody(RefreshRequest) body: Static<typeof RefreshRequest>): Promise<SessionTokens> {
    return this.rpc.call(IdentityQueries.refresh, GATEWAY_CALLER, body);
  }

  /** ACC-3; also reachable with an expired password, which is the point. */
  @Post('password')
  @HttpCode(200)
  @StaffOnly('ANY', { allowWithExpiredPassword: true })
  @ApiResponse('Changed; every other session of the account has ended', PasswordChanged)
  @ApiRefusals({ 400: 'The new password breaks the policy or was used before (ACC-3)' })
  changePassword(@Req() request: AuthenticatedRequest, @ValidBody(ChangePasswordBody) change: Static<typeof ChangePasswordBody>): Promise<{ passwordChangedAt: string }> {
    return this.rpc.call(IdentityQueries.changePassword, callerOf(request), { ...change, sessionId: request.principal.sid });
  }

  @Post('sign-out')
  @HttpCode(204)
  @StaffOrOwnCustomer('ANY', { allowWithExpiredPassword: true })
  async signOut(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.rpc.call(IdentityQueries.signOut, callerOf(request), { sessionId: request.principal.sid });
  }
}
