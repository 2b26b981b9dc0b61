import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config';
import { identityService } from './service-definition';
import { SignInModule } from './sign-in/sign-in.module';
import { StaffModule } from './staff/staff.module';
import { StaffAccountsModule } from './staff/staff-accounts.module';
import { AccessReviewModule } from './access-review/access-review.module';
import { IntegrationKeysModule } from './integration-keys/integration-keys.module';
import { CustomerUsersModule } from './customers/customer-users.module';

@Global()
@Module({ providers: [{ provide: IDENTITY_CONFIG, useFactory: loadIdentityConfig }], exports: [IDENTITY_CONFIG] })
class IdentityConfigModule {}

@Module({ imports: [PlatformModule.forService(identityService), IdentityConfigModule, StaffModule, SignInModule, StaffAccountsModule, AccessReviewModule, IntegrationKeysModule, CustomerUsersModule] })
export class AppModule {}
