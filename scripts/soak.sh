#!/bin/sh
# The long crash loop (issue 5, N3): `socialsync run` SIGKILLed KILLS times at random
# moments over LINKS links with random faults, then compared with an uninterrupted run.
# The same test as the short version in `make test` (ReliabilityTests.CrashLoopTests),
# with bigger numbers, built optimized (with -enable-testing, which other test targets need).
#   scripts/soak.sh                     200 kills, 100000 links
#   KILLS=50 LINKS=20000 scripts/soak.sh
#   SCRATCH=.build-soak (default)       the build directory
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=${SCRATCH:-.build-soak}
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$scratch"
SOCIALSYNC_SOAK_KILLS=${KILLS:-200} SOCIALSYNC_SOAK_LINKS=${LINKS:-100000} \
    swift test -c release --skip-build --scratch-path "$scratch" --filter 'ReliabilityTests.CrashLoopTests'
