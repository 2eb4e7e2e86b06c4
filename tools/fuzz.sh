#!/usr/bin/env bash
# A long fuzzing run of the Jazzer targets in spec-tests (nnspec.fuzz), one after the other, since Jazzer fuzzes
# one @FuzzTest per JVM. Usage: tools/fuzz.sh [EXECUTIONS [DURATION [TARGET...]]]
#   EXECUTIONS  per target, default 1000000 (issue 13's figure)
#   DURATION    per target, Jazzer's duration syntax, default 3h (whichever limit comes first ends the target)
#   TARGET      test classes, default all four
# Each target's log goes to target/fuzz/TARGET.log under spec-tests; the last libFuzzer line ("Done N runs in S
# second(s)") says how far it got. A finding fails the target and leaves its reproducer in
# spec-tests/src/test/resources/nnspec/fuzz/TARGETInputs/METHOD/crash-*, which the regression run replays from
# then on. The corpus the run grows stays in spec-tests/.cifuzz-corpus (ignored by git).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
executions="${1:-1000000}"
duration="${2:-3h}"
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(SpecReaderFuzzTest CsvLoaderFuzzTest InitFileFuzzTest ModelFileFuzzTest)
fi
mkdir -p "$root/spec-tests/target/fuzz"
status=0
for t in "${targets[@]}"; do
  log="$root/spec-tests/target/fuzz/$t.log"
  echo "fuzz: $t, at most $executions executions or $duration; log $log" >&2
  start=$(date +%s)
  (cd "$root" && JAZZER_FUZZ=1 mvn -B -o test -pl spec-tests -am -Dinvoker.skip=true \
      -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.max_executions="$executions" -Djazzer.max_duration="$duration") > "$log" 2>&1
  rc=$?
  end=$(date +%s)
  done_line="$(grep -a '^Done [0-9]* runs' "$log" | tail -1)"
  echo "fuzz: $t exit $rc after $((end - start)) s wall; ${done_line:-no libFuzzer summary (see the log)}" >&2
  [ $rc -eq 0 ] || status=1
done
exit $status
