import { isDatabaseUnreachable } from './database-unreachable';

describe('isDatabaseUnreachable', () => {
  it('recognises a refused connection, also inside an AggregateError', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnreachable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''))).toBe(true);
  });

  it('recognises a server shutting down and a connection cut mid-query, through TypeORM wrapping', () => {
    expect(isDatabaseUnreachable({ message: 'terminating connection', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable({ code: '08006', message: 'connection failure' })).toBe(true);
    expect(isDatabaseUnreachable({ code: '55000', message: 'database "vigil_x" is not currently accepting connections' })).toBe(true);
    expect(isDatabaseUnreachable({ code: '57P03', message: 'the database system is starting up' })).toBe(true);
  });

  it('leaves query errors alone', () => {
    expect(isDatabaseUnreachable({ message: 'duplicate key', driverError: { code: '23505' } })).toBe(false);
    expect(isDatabaseUnreachable(new Error('relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });
});
