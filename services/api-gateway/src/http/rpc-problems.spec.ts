import { RpcError } from '@vigil/platform-messaging';
import { problemForRpcError, serviceDidNotAnswer } from './rpc-problems';

describe('problemForRpcError', () => {
  it('maps a domain code to its status with the message and details', () => {
    const problem = problemForRpcError(new RpcError('CONFLICT', 'a CLOSED ticket is not open', { allowedTransitions: ['IN_PROGRESS'] }));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('https://vigil.dev/problems/conflict');
    expect(problem.detail).toBe('a CLOSED ticket is not open');
    expect(problem.extensions).toEqual({ allowedTransitions: ['IN_PROGRESS'] });
  });

  it('answers 503 with Retry-After when the service says a dependency is unavailable', () => {
    const problem = problemForRpcError(new RpcError('UNAVAILABLE', 'database down'));
    expect(problem.getStatus()).toBe(503);
    expect(problem.headers['Retry-After']).toBe('5');
    expect(problem.detail).not.toContain('database');
  });

  it('keeps internals out of a 5xx', () => {
    const problem = problemForRpcError(new RpcError('INTERNAL', 'secret stack'));
    expect(problem.getStatus()).toBe(502);
    expect(problem.detail).toBeUndefined();
  });

  it('a service that did not answer is a 503 with Retry-After', () => {
    expect(serviceDidNotAnswer().getStatus()).toBe(503);
    expect(serviceDidNotAnswer().headers['Retry-After']).toBe('5');
  });
});
