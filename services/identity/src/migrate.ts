import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { identityService } from './service-definition';

runCommand('identity migrate', () => runMigrateCommand(identityService));
