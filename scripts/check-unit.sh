#!/bin/sh
# Checks systemd/socialsync.service: `systemd-analyze verify` must be clean and the
# offline security exposure score must be at most 2.0 (lower is better).
# Neither check needs systemd as PID 1. verify insists that ExecStart's binary exists,
# so a copy of the unit whose ExecStart is /bin/true is verified when socialsync is not
# installed; everything else is checked as written.
# Exit: 0 both pass, 1 a check failed, 69 systemd-analyze is missing.
set -eu

unit="${1:-$(dirname "$0")/../systemd/socialsync.service}"
max_score="${MAX_EXPOSURE:-2.0}"

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit: systemd-analyze not found (apt-get install systemd)" >&2
    exit 69
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$work/socialsync.service"
binary="$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")"
if [ -x "$binary" ]; then
    cp "$unit" "$copy"
else
    echo "check-unit: $binary is not installed; verifying with ExecStart=/bin/true" >&2
    sed 's|^ExecStart=.*|ExecStart=/bin/true|' "$unit" >"$copy"
fi

status=0
verify_output="$(cd "$work" && systemd-analyze verify ./socialsync.service 2>&1)" || status=1
if [ -n "$verify_output" ]; then
    echo "$verify_output" >&2
    status=1
fi
[ "$status" -eq 0 ] && echo "verify: clean"

score="$(cd "$work" && systemd-analyze security --offline=yes ./socialsync.service 2>/dev/null \
    | sed -n 's/.*Overall exposure level for socialsync.service: \([0-9.]*\).*/\1/p')"
if [ -z "$score" ]; then
    echo "check-unit: no exposure score in systemd-analyze security output" >&2
    exit 1
fi
if awk -v score="$score" -v max="$max_score" 'BEGIN { exit !(score <= max) }'; then
    echo "security: exposure $score (at most $max_score)"
else
    echo "check-unit: security exposure $score is above $max_score" >&2
    status=1
fi
exit "$status"
