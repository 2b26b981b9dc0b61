import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { customersService } from './service-definition';

runCommand('customers migrate', () => runMigrateCommand(customersService));
