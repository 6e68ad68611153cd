# socialsync: the README's two commands are `make demo` and `make test`.
# Both install what a fresh machine lacks (libcurl headers, pkg-config) before building.

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NEEDED_PACKAGES := libcurl4-openssl-dev libsqlite3-dev pkg-config
# What the checks of `make test` need beyond the build: promtool (Debian's only package
# with it is `prometheus`, ~22 MB to download, installed without its recommendations and
# never started), systemd-analyze and systemd-sysusers (systemd), dpkg-shlibdeps (dpkg-dev).
TEST_PACKAGES := prometheus systemd dpkg-dev

.PHONY: deps test-deps build release test demo bench load fuzz soak install install-files deb clean

# $(call install-missing,PACKAGES,APT-GET-OPTIONS): apt-get installs those of PACKAGES missing.
define install-missing
@missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  echo "installing:$$missing"; \
  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(2) $$missing >/dev/null; \
fi
endef

## deps: install the Debian packages the build needs, only those missing.
deps:
	$(call install-missing,$(NEEDED_PACKAGES),)

## test-deps: what the checks of `make test` need, only those missing.
test-deps:
	$(call install-missing,$(TEST_PACKAGES),--no-install-recommends)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## test: the whole suite (unit, store, client against the simulator, command line end to
## end, the unit file, alerting rules with promtool), then the Debian package.
test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/test-deb.sh

## fuzz: every libFuzzer target of Tests/Fuzz for FUZZ_SECONDS each (make test runs them for 2 s).
FUZZ_SECONDS ?= 300
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

## soak: the crash loop (KILLS=200 LINKS=100000 by default; KILLS=20 LINKS=5000 is the short one).
soak: deps
	scripts/soak.sh

## demo: the main job on the embedded default: a walk through the rules on a temporary store.
demo: release
	scripts/demo.sh .build/release

## bench: release build, then Benchmarks/bench.py against d365-sim (BENCH_LINKS, default
## 1,000,000; BENCH_INSTANCES, default 10); figures in Benchmarks/results/latest.json.
## BENCH_BUILD picks the build directory (a scratch path of its own keeps parallel builds apart).
BENCH_BUILD ?= .build
bench: deps
	@command -v python3 >/dev/null && [ -x /usr/bin/time ] || { \
	  echo "installing: time python3"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time python3 >/dev/null; }
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD)
	python3 Benchmarks/bench.py $(BENCH_BUILD)/release Benchmarks/results/latest.json

## load: the health endpoint flooded during a 100k-link pass (Benchmarks/health_load.py;
## LOAD_LINKS, LOAD_REPEATS); figures in Benchmarks/README.md and Benchmarks/LOAD.md.
load: deps
	@command -v python3 >/dev/null && command -v wrk >/dev/null || { \
	  echo "installing: wrk python3"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk python3 >/dev/null; }
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD)
	python3 Benchmarks/health_load.py $(BENCH_BUILD)/release

## install: the release binary, the unit (ExecStart and Documentation under PREFIX), the
## sysusers.d entry, the README, the example configuration and the alerting rules.
## The binary of a plain release build needs the toolchain's Swift libraries at run time;
## the Debian package's (`make deb`) does not.
install: release install-files

## install-files: `make install` without building; INSTALL_BINARY picks the binary.
INSTALL_BINARY ?= .build/release/socialsync
DOCDIR = $(DESTDIR)$(PREFIX)/share/doc/socialsync
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/lib/sysusers.d $(DOCDIR)
	install -m 0755 $(INSTALL_BINARY) $(DESTDIR)$(PREFIX)/bin/socialsync
	scripts/render-unit.sh $(PREFIX) <systemd/socialsync.service.in >$(DESTDIR)$(PREFIX)/lib/systemd/system/socialsync.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/socialsync.service
	install -m 0644 systemd/socialsync.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/socialsync.conf
	install -m 0644 README.md config/config.example.json config/prometheus/socialsync.rules.yml $(DOCDIR)/

## deb: .build-deb/socialsync_VERSION_ARCH.deb, with a binary linked with
## --static-swift-stdlib (its own scratch path, so the debug build is left alone).
deb: deps
	scripts/build-deb.sh

clean:
	rm -rf .build .build-deb
