import { Module } from '@nestjs/common';
import { AccessReviewRepository } from './access-review.repository';
import { AccessReviewService } from './access-review.service';
import { AccessReviewsHandler } from './access-reviews.handler';

@Module({ providers: [AccessReviewRepository, AccessReviewService, AccessReviewsHandler] })
export class AccessReviewModule {}
