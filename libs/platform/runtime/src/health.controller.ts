import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { Public } from '@vigil/platform-auth';
import { NATS_CONNECTION } from './tokens';
import { TemporalHandle } from './temporal-handle';
import { Readiness, type CheckResult } from './readiness';
import { BackgroundWork } from './background-work';

/** Liveness says the process runs; readiness checks each connection it depends on and each long-running loop. */
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(TemporalHandle) private readonly temporal: TemporalHandle | null,
    private readonly readiness: Readiness,
    private readonly background: BackgroundWork,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    await this.ready(reply);
  }

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const checks: Record<string, CheckResult> = {
      postgres: await check(() => this.dataSource.query('SELECT 1')),
      nats: await check(async () => {
        if (this.nc.isClosed()) throw new Error('connection closed');
        await this.nc.flush();
      }),
    };
    if (this.temporal) checks['temporal'] = await check(() => this.temporal!.connection.healthService.check({}));
    // Consumer loops, activity workers and feeds: a stopped one means work silently not done.
    await check(() => this.background.probe()); // bounded like the other probes; NATS itself being down is reported above
    Object.assign(checks, this.readiness.checks());
    const up = Object.values(checks).every((c) => c.status === 'up');
    void reply.status(up ? 200 : 503).send({ status: up ? 'up' : 'down', checks });
  }
}

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 2_000).unref())]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}
