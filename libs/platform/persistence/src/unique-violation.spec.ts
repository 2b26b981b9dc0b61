import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it('recognises SQLSTATE 23505 as TypeORM wraps it, and the constraint when asked for one', () => {
    const error = { message: 'duplicate key value', driverError: { code: '23505', constraint: 'customers_name_uq' } };
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'customers_name_uq')).toBe(true);
    expect(isUniqueViolation(error, 'environments_key_uq')).toBe(false);
  });

  it('is false for other failures', () => {
    expect(isUniqueViolation({ driverError: { code: '23503', constraint: 'customers_name_uq' } })).toBe(false);
    expect(isUniqueViolation(new Error('connection terminated'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
