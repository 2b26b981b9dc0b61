import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { notificationsService } from './service-definition';

runCommand('notifications migrate', () => runMigrateCommand(notificationsService));
