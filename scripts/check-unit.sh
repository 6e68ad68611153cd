#!/bin/sh
# Checks the systemd unit: `systemd-analyze verify` must be clean, the offline security
# exposure score must be at most 2.0 (lower is better), and the system-call filter must
# let through the calls the daemon makes (REQUIRED_SYSCALLS).
# Without an argument it checks systemd/socialsync.service.in as `make install` writes it
# (PREFIX, default /usr/local); with one, that unit file as it is (an installed one).
# Neither check needs systemd as PID 1. verify insists that ExecStart's binary exists,
# so a copy of the unit whose ExecStart is /bin/true is verified when socialsync is not
# installed; everything else is checked as written.
# Exit: 0 all pass, 1 a check failed, 69 systemd-analyze is missing.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
max_score="${MAX_EXPOSURE:-2.0}"
# What `strace -f` shows the daemon calling from the groups the unit denies: Dispatch's
# worker threads call setpriority (@resources), the runtime reads its stack limit with prlimit64.
required_syscalls="${REQUIRED_SYSCALLS:-setpriority prlimit64}"

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit: systemd-analyze not found (apt-get install systemd)" >&2
    exit 69
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ $# -gt 0 ]; then
    unit="$1"
else
    unit="$work/rendered.service"
    "$here/render-unit.sh" "${PREFIX:-/usr/local}" <"$here/../systemd/socialsync.service.in" >"$unit"
fi
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

# The system calls a SystemCallFilter= item stands for, groups (@name) expanded.
expand() {
    for item in "$@"; do
        case "$item" in
            @*) systemd-analyze syscall-filter "$item" | sed '1d; s/^ *//; /^#/d; /^$/d' | while read -r member; do expand "$member"; done ;;
            *) echo "$item" ;;
        esac
    done
}

# SystemCallFilter= lines in order (systemd.exec): the first decides allow or deny list;
# later lines of the other kind take calls out of it, later lines of its kind add them.
allowed="$work/allowed"
mode=""
: >"$allowed"
sed -n 's/^SystemCallFilter=//p' "$unit" >"$work/filters"
while read -r filter; do
    case "$filter" in
        "~"*) kind=deny; items="${filter#\~}" ;;
        *) kind=allow; items="$filter" ;;
    esac
    [ -z "$mode" ] && mode="$kind"
    # shellcheck disable=SC2086 # items is a space-separated list on purpose
    expand $items | sort -u >"$work/items"
    if [ "$kind" = "$mode" ]; then
        sort -u "$allowed" "$work/items" -o "$allowed"
    else
        comm -23 "$allowed" "$work/items" >"$work/rest" && mv "$work/rest" "$allowed"
    fi
done <"$work/filters"
for call in $required_syscalls; do
    listed=no
    grep -qx "$call" "$allowed" && listed=yes
    if { [ "$mode" = allow ] && [ "$listed" = no ]; } || { [ "$mode" = deny ] && [ "$listed" = yes ]; }; then
        echo "check-unit: SystemCallFilter= denies $call, which the daemon calls" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "syscalls: $required_syscalls allowed"
exit "$status"
