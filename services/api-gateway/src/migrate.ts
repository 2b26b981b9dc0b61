import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { gatewayService } from './service-definition';

runCommand('api-gateway migrate', () => runMigrateCommand(gatewayService));
