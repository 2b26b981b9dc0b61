import { Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { identityService } from './service-definition';
import { StaffModule } from './staff/staff.module';

@Module({ imports: [PlatformModule.forService(identityService), StaffModule] })
export class AppModule {}
