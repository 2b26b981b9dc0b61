import { Module } from '@nestjs/common';
import { CustomerRecords } from './customer-records.service';
import { CustomerRepository } from './customer.repository';
import { CustomersHandler } from './customers.handler';
import { TicketClocksClient } from './ticket-clocks.client';

@Module({ providers: [CustomerRepository, CustomerRecords, CustomersHandler, TicketClocksClient], exports: [CustomerRepository] })
export class CustomersModule {}
