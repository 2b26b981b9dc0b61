import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { CUSTOMERS_CONFIG, loadCustomersConfig } from './config';
import { CustomersModule } from './customers/customers.module';
import { EnvironmentsModule } from './environments/environments.module';
import { customersService } from './service-definition';

@Global()
@Module({ providers: [{ provide: CUSTOMERS_CONFIG, useFactory: loadCustomersConfig }], exports: [CUSTOMERS_CONFIG] })
class CustomersConfigModule {}

@Module({ imports: [PlatformModule.forService(customersService), CustomersConfigModule, CustomersModule, EnvironmentsModule] })
export class AppModule {}
