#!/bin/sh
# The benchmark command of docs/PERFORMANCE.md: builds bench/ (Maven profile bench), runs the JMH benchmarks of
# generated code and the interpreter on the nets T, S, M, L, C and the FP64 peak kernel, PyTorch on the same nets
# (Debian's python3-torch, float64, one thread; skipped with a note when it is missing), and prints one table.
#
#   bench/run.sh           full settings (about 7 minutes)
#   bench/run.sh --quick   short settings, to check that everything runs (about 2.5 minutes; figures rough)
#   bench/run.sh --cpu     per CPU-second instead of per wall-second (nnspec.bench.CpuTime, PyTorch's process
#                          time): for a loaded machine, where wall-clock figures count the waits for a core
#
# Results are kept in bench/target/: jmh.json, pytorch.json, table.md.
set -eu
cd "$(dirname "$0")/.."
torch_clock=
if [ "${1:-}" = "--quick" ]; then
  jmh="-f 1 -wi 4 -w 1s -i 3 -r 1s"; torch_seconds=2
elif [ "${1:-}" = "--cpu" ]; then
  torch_seconds=4; torch_clock=--cpu
else
  jmh="-f 1 -wi 5 -w 3s -i 8 -r 2s"; torch_seconds=10
fi
mvn -B -q -Pbench package -pl bench -am -DskipTests -Dinvoker.skip=true
out=bench/target
if [ -n "$torch_clock" ]; then
  java --add-modules jdk.incubator.vector -cp $out/benchmarks.jar nnspec.bench.CpuTime 2 4 > $out/jmh.json
else
  java -jar $out/benchmarks.jar 'TrainingStep|Peak' $jmh -rf json -rff $out/jmh.json
fi
lanes=$(java --add-modules jdk.incubator.vector -cp $out/benchmarks.jar nnspec.bench.Lanes 2>/dev/null)
specs=bench/src/main/resources/nnspec/bench
rm -f $out/pytorch.json
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_bench.py $specs $torch_seconds $torch_clock > $out/pytorch.json
else
  echo "run.sh: python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread); the PyTorch column is n/a" >&2
fi
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
" $(java -version 2>&1 | head -1)"
/usr/bin/python3 bench/table.py $out/jmh.json $out/pytorch.json "$lanes" $specs | tee $out/table.md
