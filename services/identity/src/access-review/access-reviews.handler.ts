import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityError, IdentityQueries, type AccessReviewListing } from '@vigil/contracts';
import { HandlesQuery } from '@vigil/platform-runtime';
import { IdentityException } from '../identity.exception';
import { AccessReviewRepository } from './access-review.repository';

/** ACC-5: past access reviews over NATS request/reply; the contracts admit staff callers only. */
@Injectable()
export class AccessReviewsHandler {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly reviews: AccessReviewRepository) {}

  @HandlesQuery(IdentityQueries.listAccessReviews)
  async list(): Promise<AccessReviewListing> {
    return { reviews: await this.reviews.list(this.dataSource.manager) };
  }

  @HandlesQuery(IdentityQueries.getAccessReview)
  async get({ period }: { period: string }): Promise<Record<string, unknown>> {
    const report = await this.reviews.find(this.dataSource.manager, period);
    if (!report) throw new IdentityException(IdentityError.NotFound, `no access review for ${period}`);
    return report as unknown as Record<string, unknown>;
  }
}
