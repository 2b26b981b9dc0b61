import { outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { IntegrationKeyCustomerScope1764200200000 } from './1764200200000-integration-key-customer-scope';
import { SessionLifetimeAndReuse1764000200000 } from './1764000200000-session-lifetime-and-reuse';
import { SignInHardening1764100000000 } from './1764100000000-sign-in-hardening';
import { PeopleAdministration1764300000000 } from './1764300000000-people-administration';
import { CreateIdentitySchema1763850300000 } from './1763850300000-create-identity-schema';
import { StaffSignIn1763860000000 } from './1763860000000-staff-sign-in';
import { IdentityAuditLog1763870000000 } from './1763870000000-identity-audit-log';
import { AccessReviews1763890000000 } from './1763890000000-access-reviews';
import { CustomerUsers1763900000000 } from './1763900000000-customer-users';
import { IntegrationKeys1763910000000 } from './1763910000000-integration-keys';
import { IntegrationKeyLastUse1763920000000 } from './1763920000000-integration-key-last-use';

export const identityMigrations = [CreateIdentitySchema1763850300000, StaffSignIn1763860000000, IdentityAuditLog1763870000000, AccessReviews1763890000000, CustomerUsers1763900000000, IntegrationKeys1763910000000, IntegrationKeyLastUse1763920000000, outboxAbandonmentMigration('identity'), SessionLifetimeAndReuse1764000200000, SignInHardening1764100000000, IntegrationKeyCustomerScope1764200200000, PeopleAdministration1764300000000];
