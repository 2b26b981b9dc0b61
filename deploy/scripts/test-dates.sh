#!/usr/bin/env bash
# The date-sensitive tests again, with every process's clock (services and
# tests alike) shifted to other dates: a Berlin month end, the day summer time
# begins in Europe, and a leap day. A test that only passes on some days fails
# here (VIGIL_CLOCK_OFFSET_MS, see libs/platform/clock). Run by `npm test`
# after the suite; pass dates as arguments to try others.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

DATES=("$@")
[ ${#DATES[@]} -gt 0 ] || DATES=("2027-01-31T22:45:00Z" "2027-03-28T01:30:00Z" "2028-02-29T11:00:00Z")

# Unit tests of calendars and SLA arithmetic, plus the end-to-end tests whose rules read "now":
# availability per month (MON-4), ticket response clocks (TKT-2), access-log retention (ACC-2).
# Not the monthly access review: its period comes from when its Temporal schedule fired, on
# Temporal's clock, which no offset moves (previous-month.spec.ts covers that arithmetic).
DATE_SENSITIVE=(
  --selectProjects unit e2e
  --testPathPattern '(libs|services|workflows)/.*\.spec\.ts$|test/e2e/(alert-intake|tickets|access-log)\.e2e-spec\.ts$'
)

for date in "${DATES[@]}"; do
  offset="$(node -e 'const at = Date.parse(process.argv[1]); if (Number.isNaN(at)) process.exit(1); console.log(at - Date.now())' "$date")" \
    || die "not a date: $date"
  say "running the date-sensitive tests on $date (clock offset ${offset} ms)"
  VIGIL_CLOCK_OFFSET_MS="$offset" npx jest "${DATE_SENSITIVE[@]}"
done
