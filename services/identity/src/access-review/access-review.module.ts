import { Module } from '@nestjs/common';
import { AccessReviewRepository } from './access-review.repository';
import { AccessReviewService } from './access-review.service';

@Module({ providers: [AccessReviewRepository, AccessReviewService] })
export class AccessReviewModule {}
