import { Writable } from 'node:stream';
import { createJsonLogger, JsonNestLogger } from './logging';
import { runWithRequestId } from './request-context';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('JSON logs (issue 12, logs)', () => {
  it('writes Nest logger calls as JSON lines with level, context and the request id of the work going on', () => {
    const { lines, stream } = capture();
    const nest = new JsonNestLogger(createJsonLogger('info', stream));
    runWithRequestId('req-12345678', () => nest.warn('outbox row refused', 'OutboxRelay'));
    nest.debug('not at info', 'Ctx');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', context: 'OutboxRelay', msg: 'outbox row refused', request_id: 'req-12345678' })]);
  });

  it('keeps an error\'s stack and message', () => {
    const { lines, stream } = capture();
    new JsonNestLogger(createJsonLogger('info', stream)).error('boom', 'Error: boom\n    at somewhere (x.ts:1:1)', 'Ctx');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', context: 'Ctx', stack: expect.stringContaining('at somewhere') });
  });

  it('redacts passwords, tokens and authorization headers wherever a log call puts them', () => {
    const { lines, stream } = capture();
    const logger = createJsonLogger('info', stream);
    logger.info({ password: 'hunter2hunter2', req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=1' } }, body: { refreshToken: 'r-123', totpCode: '123456' } }, 'sign-in');
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2hunter2', 'Bearer abc.def', 'sid=1', 'r-123', '123456']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: '[redacted]', req: { headers: { authorization: '[redacted]' } } });
  });
});
