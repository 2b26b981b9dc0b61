import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { ticketingService } from './service-definition';

runCommand('ticketing migrate', () => runMigrateCommand(ticketingService));
