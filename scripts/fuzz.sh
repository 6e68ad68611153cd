#!/bin/sh
# Builds the libFuzzer targets of Tests/Fuzz (swiftc -sanitize=fuzzer, each compiled
# together with the Sources files it exercises) and runs each for SECONDS (default 60).
# Exits 0 when no target crashed; a crashing input is kept as
# .build-fuzz/crashes/<target>-crash-* and becomes a regression test.
# Exits 77 ("skip") when this toolchain has no libFuzzer runtime.
#   scripts/fuzz.sh [SECONDS]        FUZZ_BUILD=dir to build elsewhere
#   FUZZ_OPT=-Onone                  compile faster, run slower (the test suite's 2 s smoke run)
set -eu

seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$root/.build-fuzz}
swiftc=${SWIFTC:-swiftc}
optimization=${FUZZ_OPT:--O}
mkdir -p "$build/corpus" "$build/crashes"

# The runtime check: a one-line fuzzer must link.
probe="$build/probe.swift"
printf '@_cdecl("LLVMFuzzerTestOneInput")\npublic func probe(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }\n' > "$probe"
if ! "$swiftc" -sanitize=fuzzer -parse-as-library "$probe" -o "$build/probe" >"$build/probe.log" 2>&1; then
    echo "fuzz: skipped, $swiftc cannot link libFuzzer (see $build/probe.log)" >&2
    exit 77
fi

# The Swift files of source directories given as "A,B" (under Sources/).
sources() { for directory in $(echo "$1" | tr ',' ' '); do find "$root/Sources/$directory" -name '*.swift'; done | sort; }

# target name, module name, source directories (under Sources/, comma-separated). Files of
# another module compiled into this one have their import of it ignored (a warning).
targets="HTTPRequestParserFuzz HTTPServer HTTPServer
ConfigurationFuzz SocialSyncCore SocialSyncDaemon/Configuration,SocialSyncCore/Pacing,SocialSyncCore/Verification
JSONLinesFuzz SocialSyncCore SocialSyncCore/Import,SocialSyncCore/Model,SocialSyncCore/Values
VerdictClassifierFuzz SocialSyncCore SocialSyncCore/Classification,SocialSyncCore/Model,SocialSyncCore/Values
ODataResponseFuzz SocialSyncCore SocialSyncCore/Classification,SocialSyncCore/Model,SocialSyncCore/Values,SocialSyncCore/Creation,Dataverse/OData
RuleExpressionFuzz SocialSyncCore SocialSyncCore/Routing,SocialSyncCore/Model,SocialSyncCore/Values"

failed=0
echo "$targets" | while read -r target module directory; do
    # Compiled in: the target's harness, its sources, and nothing else. Rebuilt only when
    # one of them changed since the last build.
    binary="$build/$target"
    # shellcheck disable=SC2046
    if [ -x "$binary" ] && [ -z "$(find "$root/Tests/Fuzz/$target.swift" $(sources "$directory") -newer "$binary" | head -1)" ]; then
        :
    # shellcheck disable=SC2046
    elif ! "$swiftc" "$optimization" -sanitize=fuzzer -parse-as-library -swift-version 6 -module-name "$module" \
        "$root/Tests/Fuzz/$target.swift" $(sources "$directory") -o "$build/$target" >"$build/$target.build.log" 2>&1; then
        echo "fuzz: $target does not build:" >&2
        cat "$build/$target.build.log" >&2
        exit 1
    fi
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    seeds="$root/Tests/Fuzz/Seeds/$target"
    # The Swift runtime's backtracer would catch the trap before libFuzzer saves the input.
    if SWIFT_BACKTRACE=enable=no "$build/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -artifact_prefix="$build/crashes/$target-" \
        "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) >"$build/$target.log" 2>&1; then
        echo "fuzz: $target $(grep -E '^Done [0-9]+ runs' "$build/$target.log" | tail -1) ($(grep -Eo 'cov: [0-9]+' "$build/$target.log" | tail -1))"
    else
        echo "fuzz: $target CRASHED, input in $build/crashes/:" >&2
        tail -30 "$build/$target.log" >&2
        exit 1
    fi
done || failed=1
exit $failed
