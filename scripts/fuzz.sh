#!/usr/bin/env bash
# Builds one libFuzzer target (address sanitizer on) and runs it on its seed corpus.
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]     TARGET: http | json | blueprint | initdata
#   scripts/fuzz.sh all SECONDS [flags…]                  each target in turn
#
# A target is the module under test compiled together with Fuzz/Targets/<Name>Fuzz.swift (so it
# reaches internal API), its dependencies as instrumented static libraries. The seed corpus is
# Fuzz/corpus/<target>/ (read only: new inputs go to .build/fuzz/corpus/<target>/); crashes are
# written to fuzz-crashes/<target>/ (gitignored) and make the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

usage() { echo "usage: scripts/fuzz.sh http|json|blueprint|initdata|all SECONDS [libFuzzer flags...]" >&2; exit 64; }
[[ $# -ge 2 ]] || usage
target=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage

if [[ $target == all ]]; then
    for t in http json blueprint initdata; do "$0" "$t" "$seconds" "$@"; done
    exit 0
fi

out=.build/fuzz
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -I "$out" -L "$out")

# Builds Sources/<module> as an instrumented static library (skipped when nothing changed).
library() {
    local module=$1
    shift
    local lib="$out/lib$module.a"
    if [[ -f $lib ]] && [[ -z $(find "Sources/$module" -newer "$lib" -name '*.swift' | head -1) ]]; then return; fi
    swiftc "${flags[@]}" -emit-library -static -module-name "$module" -emit-module \
        -emit-module-path "$out/$module.swiftmodule" -o "$lib" "$@" $(find "Sources/$module" -name '*.swift' | sort)
}

# Links the module under test (its sources plus the fuzz entry point) into an executable.
executable() {
    local name=$1 module=$2
    shift 2
    swiftc "${flags[@]}" -module-name "$module" -o "$out/fuzz-$name" "$@"
}

case $target in
http)
    # Only the pure parser and message types: the server half needs epoll and is not parsed input.
    executable http HTTP Sources/HTTP/Parser/*.swift Sources/HTTP/Message/*.swift Sources/HTTP/System/Lock.swift Sources/HTTP/System/MonotonicClock.swift Fuzz/Targets/HTTPRequestParserFuzz.swift
    ;;
json)
    executable json TesseraJSON $(find Sources/TesseraJSON -name '*.swift' | sort) Fuzz/Targets/JSONParserFuzz.swift
    ;;
blueprint)
    # Blueprint checks bot welcomes with Telegram's HTML rules (TelegramHTML).
    library TesseraJSON
    library TesseraCrypto -I Sources/COpenSSL
    library Telegram -I Sources/COpenSSL
    executable blueprint Blueprint $(find Sources/Blueprint -name '*.swift' | sort) Fuzz/Targets/BlueprintLoaderFuzz.swift \
        -I Sources/COpenSSL -lTelegram -lTesseraCrypto -lTesseraJSON -lssl -lcrypto
    ;;
initdata)
    library TesseraJSON
    library TesseraCrypto -I Sources/COpenSSL
    executable initdata Telegram $(find Sources/Telegram -name '*.swift' | sort) Fuzz/Targets/InitDataParserFuzz.swift \
        -I Sources/COpenSSL -lTesseraJSON -lTesseraCrypto -lssl -lcrypto
    ;;
*) usage ;;
esac

corpus="$out/corpus/$target"
crashes="fuzz-crashes/$target"
mkdir -p "$corpus" "$crashes"
dict=()
[[ -f Fuzz/dictionaries/$target.dict ]] && dict=(-dict="Fuzz/dictionaries/$target.dict")
# The Swift runtime backtracer would slow every crash report down and fight ASan for the signal.
export SWIFT_BACKTRACE=enable=no
echo "fuzz $target: ${seconds}s" >&2
# -max_len: larger inputs only slow the search down; every parser has its own size limits tested elsewhere.
"$out/fuzz-$target" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${dict[@]}" "$@" "$corpus" "Fuzz/corpus/$target"
