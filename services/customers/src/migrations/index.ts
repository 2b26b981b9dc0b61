import { CreateCustomersSchema1764100000000 } from './1764100000000-create-customers-schema';

export const customersMigrations = [CreateCustomersSchema1764100000000];
