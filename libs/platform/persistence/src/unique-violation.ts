/**
 * Whether a query failed on a unique index or constraint (SQLSTATE 23505),
 * optionally the named one: how a repository tells "taken" from a fault
 * without a check-then-insert race.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError ?? (error as { code?: string; constraint?: string } | null);
  if (driverError?.code !== '23505') return false;
  return constraint === undefined || driverError.constraint === constraint;
}
