import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { EnvironmentRecords } from './environment-records.service';
import { EnvironmentRepository } from './environment.repository';
import { EnvironmentsHandler } from './environments.handler';

@Module({ imports: [CustomersModule], providers: [EnvironmentRepository, EnvironmentRecords, EnvironmentsHandler] })
export class EnvironmentsModule {}
