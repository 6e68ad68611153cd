#!/bin/sh
# Writes the unit template (stdin, systemd/socialsync.service.in) to stdout with @PREFIX@
# replaced by PREFIX, where the binary and the documentation are installed. Used by
# `make install`, `make deb` and scripts/check-unit.sh, so all three check the same unit.
set -eu
prefix="${1:?usage: render-unit.sh PREFIX <TEMPLATE >UNIT}"
case "$prefix" in
    /*) ;;
    *) echo "render-unit: PREFIX must be an absolute path, got '$prefix'" >&2; exit 64 ;;
esac
sed "s|@PREFIX@|$prefix|g"
