#!/bin/sh
# The Debian package end to end (`make test`): build it, install it with dpkg -i, run the
# installed binary, verify the installed unit, check that postinst made the service user
# and that this user can use the service's store, then purge it and check what is left.
# It changes the machine (a package, the socialsync user), so it runs only as root, with
# dpkg, and where socialsync is not installed already; otherwise it says why it skips.
# Exit: 0 passed or skipped, 1 a check failed.
set -eu

cd "$(dirname "$0")/.."
skip() { echo "test-deb: skipped: $1"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root (dpkg -i needs root)"
command -v dpkg >/dev/null 2>&1 || skip "no dpkg on this machine"
if dpkg-query -W -f='${Status}' socialsync 2>/dev/null | grep -q "ok installed"; then
    skip "a socialsync package is installed here already; not replacing it"
fi

failures=0
check() {
    description="$1"; shift
    if "$@" >/tmp/test-deb.$$ 2>&1; then
        echo "ok: $description"
    else
        echo "FAILED: $description" >&2
        sed 's/^/    /' /tmp/test-deb.$$ >&2
        failures=$((failures + 1))
    fi
    rm -f /tmp/test-deb.$$
}

DEB_COMPRESSION=gzip scripts/build-deb.sh
version="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/SocialSyncDaemon/Daemon/SocialSyncVersion.swift)"
package=".build-deb/socialsync_${version}_$(dpkg --print-architecture).deb"
trap 'dpkg --purge socialsync >/dev/null 2>&1 || true' EXIT

check "dpkg -i $package" dpkg -i "$package"
check "socialsync --version prints socialsync $version" sh -c "[ \"\$(/usr/bin/socialsync --version)\" = 'socialsync $version' ]"
check "no Swift library needed at run time" sh -c '! ldd /usr/bin/socialsync | grep -E "libswift|libFoundation|libdispatch"'
check "systemd-analyze verify on the installed unit" sh -c \
    '[ -z "$(systemd-analyze verify /usr/lib/systemd/system/socialsync.service 2>&1)" ]'
check "installed unit runs the installed binary and names the installed README" sh -c \
    'grep -qx "ExecStart=/usr/bin/socialsync --config /etc/socialsync/config.json run" /usr/lib/systemd/system/socialsync.service &&
     grep -qx "Documentation=file:///usr/share/doc/socialsync/README.md" /usr/lib/systemd/system/socialsync.service &&
     [ -f /usr/share/doc/socialsync/README.md ] && [ -f /usr/share/doc/socialsync/socialsync.rules.yml ]'
check "installed unit passes scripts/check-unit.sh" scripts/check-unit.sh /usr/lib/systemd/system/socialsync.service
check "postinst created the socialsync system user and group" sh -c \
    'getent passwd socialsync >/dev/null && getent group socialsync >/dev/null && [ "$(id -u socialsync)" -lt 1000 ]'
check "the credentials directory LoadCredential= names exists, root's alone" sh -c \
    '[ "$(stat -c %U:%a /etc/socialsync/credentials)" = root:700 ]'
check "/etc/socialsync/config.json is a conffile" sh -c \
    'dpkg-query -W -f="\${Conffiles}" socialsync | grep -q "/etc/socialsync/config.json"'
check "the service user can use the service's store" sh -c \
    'runuser -u socialsync -- /usr/bin/socialsync --config /etc/socialsync/config.json instances list &&
     [ "$(stat -c %U /var/lib/socialsync/socialsync.db)" = socialsync ]'
check "dpkg --purge socialsync" dpkg --purge socialsync
check "purge left no binary, unit, store or configuration" sh -c \
    '[ ! -e /usr/bin/socialsync ] && [ ! -e /usr/lib/systemd/system/socialsync.service ] &&
     [ ! -e /var/lib/socialsync ] && [ ! -e /etc/socialsync ]'

if [ "$failures" -gt 0 ]; then
    echo "test-deb: $failures failed" >&2
    exit 1
fi
echo "test-deb: all checks passed"
