import { CreateIdentitySchema1763850300000 } from './1763850300000-create-identity-schema';

export const identityMigrations = [CreateIdentitySchema1763850300000];
