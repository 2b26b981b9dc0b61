import { CreateCustomersSchema1764100000000 } from './1764100000000-create-customers-schema';
import { ImportTicketingDirectory1764200000000 } from './1764200000000-import-ticketing-directory';

export const customersMigrations = [CreateCustomersSchema1764100000000, ImportTicketingDirectory1764200000000];
