import { previousMonth } from './monthly-access-review.workflow';

describe('the access review period (ACC-5)', () => {
  it('is the month that just ended', () => {
    expect(previousMonth(new Date('2026-12-01T06:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-01T06:00:00Z'))).toBe('2026-12');
    expect(previousMonth(new Date('2026-03-31T23:59:59Z'))).toBe('2026-02');
  });
});
