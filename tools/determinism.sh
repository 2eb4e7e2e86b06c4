#!/usr/bin/env bash
# Determinism across runs and JDKs (docs/VERIFICATION.md, "Determinism across JDKs"). For each JDK, in a folder
# of its own: the golden files (`nnspec golden` into a copy of golden/: generated sources of golden/specs and
# examples/, traces, ERRATA), `compile --numeric strict` and `--numeric fast` of every golden and example spec,
# `trace --format csv` of the golden specs and xor.nn with both back ends, and `train --numeric strict` of every
# example (stdout, model and checkpoint). Strict outputs must be byte-identical between two runs on the first JDK
# and between JDKs: exit 1 naming the files that differ. `train --numeric fast` is run too and only reported:
# fast mode uses the JIT's intrinsics and may differ from one JDK to another.
#
# Usage: tools/determinism.sh [JAVA_HOME...]   (default: the `java` on PATH, then every JDK under /usr/lib/jvm
# whose major version differs from those already chosen). NNSPEC_JAR overrides the command-line jar (default:
# generator/target/nnspec-cli.jar, built by ./nnspec when stale). SKIP_TRAIN=1 skips the training runs;
# DETERMINISM_EXAMPLES overrides which examples are trained (space-separated names, default all).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${NNSPEC_JAR:-}"
if [ -z "$jar" ]; then
  "$root/nnspec" --version > /dev/null
  jar="$root/generator/target/nnspec-cli.jar"
fi
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"

major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

javas=()
if [ $# -gt 0 ]; then
  for home in "$@"; do javas+=("$home/bin/java"); done
else
  javas+=("$(command -v java)")
  seen=" $(major "${javas[0]}") "
  for home in /usr/lib/jvm/*/; do
    [ -x "$home/bin/java" ] || continue
    m="$(major "$home/bin/java")"
    case "$seen" in *" $m "*) continue ;; esac
    seen="$seen$m "
    javas+=("${home%/}/bin/java")
  done
fi

work="$(mktemp -d /tmp/nnspec-determinism.XXXXXX)"
specs=("$root"/golden/specs/*.nn "$root"/examples/*.nn)
examples=()
for s in "$root"/examples/*.nn; do
  name="$(basename "$s" .nn)"
  if [ -n "${DETERMINISM_EXAMPLES:-}" ]; then
    case " $DETERMINISM_EXAMPLES " in *" $name "*) ;; *) continue ;; esac
  fi
  examples+=("$name")
done

# One JDK's outputs under $work/$label/{strict,fast}; relative paths inside, so that what is printed is the same.
run() {
  local java="$1" label="$2"
  local out="$work/$label"
  mkdir -p "$out/strict" "$out/fast"
  (
    cd "$out/strict"
    cp -r "$root/golden" golden
    rm -rf golden/generated golden/traces golden/ERRATA.md
    "$java" -jar "$jar" golden --dir golden --examples "$root/examples" > golden.out 2>&1
    "$java" -jar "$jar" compile --numeric strict -d compile-strict "${specs[@]}" > /dev/null
    (cd "$out/fast" && "$java" -jar "$jar" compile --numeric fast -d compile-fast "${specs[@]}" > /dev/null)
    mkdir -p traces
    for s in "$root"/golden/specs/*.nn "$root"/examples/xor.nn; do
      n="$(basename "$s" .nn)"
      "$java" -jar "$jar" trace --format csv -o "traces/$n.interpreter.csv" "$s"
      "$java" -jar "$jar" trace --format csv --backend generated -o "traces/$n.generated.csv" "$s"
    done
  )
  if [ "${SKIP_TRAIN:-0}" != 1 ]; then
    for n in "${examples[@]}"; do
      for mode in strict fast; do
        (cd "$out/$mode" && "$java" -jar "$jar" train --numeric "$mode" --no-plots --out "runs/$n" \
            "$root/examples/$n.nn" > "runs-$n.out" 2>&1)
      done
    done
  fi
}

labels=()
for k in "${!javas[@]}"; do
  java="${javas[$k]}"
  label="jdk$(major "$java")"
  echo "determinism: $label ($java -version: $("$java" -version 2>&1 | head -1))" >&2
  run "$java" "$label"
  labels+=("$label")
  if [ "$k" -eq 0 ]; then
    echo "determinism: $label again, for run-to-run" >&2
    run "$java" "$label-again"
  fi
done

status=0
first="${labels[0]}"
compare() {
  local a="$1" b="$2" what="$3" must="$4"
  if diff -r -q "$work/$a/$what" "$work/$b/$what" > "$work/diff-$a-$b-$what.txt" 2>&1; then
    echo "determinism: $what: $a and $b identical ($(find "$work/$a/$what" -type f | wc -l) files)"
  else
    echo "determinism: $what: $a and $b DIFFER ($(wc -l < "$work/diff-$a-$b-$what.txt") files; $work/diff-$a-$b-$what.txt)"
    [ "$must" = must ] && status=1
  fi
}
compare "$first" "$first-again" strict must
compare "$first" "$first-again" fast report
for l in "${labels[@]:1}"; do
  compare "$first" "$l" strict must
  compare "$first" "$l" fast report
done
# The checked-in golden files, which every JDK must reproduce.
for l in "${labels[@]}"; do
  if diff -r -q "$root/golden/generated" "$work/$l/strict/golden/generated" > /dev/null \
      && diff -r -q "$root/golden/traces" "$work/$l/strict/golden/traces" > /dev/null; then
    echo "determinism: $l reproduces golden/generated and golden/traces byte for byte"
  else
    echo "determinism: $l does NOT reproduce the checked-in golden files"
    status=1
  fi
done
echo "determinism: outputs in $work" >&2
exit $status
