import { CreateTicketingSchema1763850100000 } from './1763850100000-create-ticketing-schema';

export const ticketingMigrations = [CreateTicketingSchema1763850100000];
