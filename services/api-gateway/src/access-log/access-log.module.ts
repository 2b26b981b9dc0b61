import { Module } from '@nestjs/common';
import { AccessLogRetention } from './access-log-retention';
import { AccessLogRecorder } from './access-log.recorder';
import { AccessLogRepository } from './access-log.repository';

@Module({ providers: [AccessLogRepository, AccessLogRecorder, AccessLogRetention], exports: [AccessLogRecorder] })
export class AccessLogModule {}
