#!/bin/sh
# Builds .build-deb/socialsync_VERSION_ARCH.deb (`make deb`): a release binary linked with
# --static-swift-stdlib, so the machine needs no Swift toolchain, only the C libraries that
# dpkg-shlibdeps names (libcurl, SQLite, libc ...) as Depends. Everything is built under
# .build-deb/ so the debug build in .build/ is left alone.
# Exit: 0 built, 65 the binary still needs a Swift library, 69 a tool is missing.
set -eu

cd "$(dirname "$0")/.."
scratch=.build-deb
root="$scratch/root"
swift="${SWIFT:-swift}"

for tool in dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null 2>&1 || { echo "build-deb: $tool not found (apt-get install dpkg-dev)" >&2; exit 69; }
done

version="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/SocialSyncDaemon/Daemon/SocialSyncVersion.swift)"
[ -n "$version" ] || { echo "build-deb: no version in Sources/SocialSyncDaemon/Daemon/SocialSyncVersion.swift" >&2; exit 65; }
arch="$(dpkg --print-architecture)"
package="$scratch/socialsync_${version}_${arch}.deb"

started="$(date +%s)"
"$swift" build -c release --static-swift-stdlib --scratch-path "$scratch" --product socialsync
echo "build-deb: static release build took $(( $(date +%s) - started )) s"
binary="$scratch/release/socialsync"
if ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
    echo "build-deb: $binary still needs the Swift libraries above" >&2
    exit 65
fi

rm -rf "$root"
make --no-print-directory install-files DESTDIR="$root" PREFIX=/usr INSTALL_BINARY="$binary"
strip --strip-unneeded "$root/usr/bin/socialsync"

# The configuration, a conffile: dpkg keeps the operator's edits on upgrade and purge
# removes it. The example's store path is already the service's, /var/lib/socialsync.
install -d -m 0755 "$root/etc/socialsync"
install -m 0644 config/config.example.json "$root/etc/socialsync/config.json"
# LoadCredential= needs this directory to exist (an absent path fails the start); empty,
# it loads nothing. Root's alone: systemd reads it, the service user gets copies.
install -d -m 0700 "$root/etc/socialsync/credentials"

install -d -m 0755 "$root/DEBIAN"
install -m 0755 scripts/debian/postinst scripts/debian/prerm scripts/debian/postrm "$root/DEBIAN/"
echo /etc/socialsync/config.json >"$root/DEBIAN/conffiles"

# dpkg-shlibdeps reads debian/control, so it runs in a directory of its own.
shlibs="$scratch/shlibs"
rm -rf "$shlibs" && mkdir -p "$shlibs/debian"
printf 'Source: socialsync\n\nPackage: socialsync\nArchitecture: any\n' >"$shlibs/debian/control"
depends="$(cd "$shlibs" && dpkg-shlibdeps -O "$OLDPWD/$root/usr/bin/socialsync" | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps named no dependency" >&2; exit 65; }

cat >"$root/DEBIAN/control" <<CONTROL
Package: socialsync
Version: $version
Architecture: $arch
Maintainer: socialsync maintainers <root@localhost>
Section: net
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends, systemd | systemd-standalone-sysusers
Description: keeps links between social posts and Dynamics 365 records true
 A daemon that polls Dynamics 365 / Dataverse instances, verifies that the records
 and social activities linked to social posts still exist and are still associated,
 and applies its rules to every link, with a SQLite store, a command line for the
 administrator, health and Prometheus metrics endpoints and a hardened systemd unit.
CONTROL

# DEB_COMPRESSION (dpkg-deb -Z): xz, the smallest, by default; the package test takes gzip,
# four times faster on a 60 MB binary, since what it checks does not depend on it.
dpkg-deb -Z"${DEB_COMPRESSION:-xz}" --build --root-owner-group "$root" "$package"
echo "build-deb: $package"
