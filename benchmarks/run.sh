#!/usr/bin/env bash
# Builds the benchmarks and runs the whole suite in one go (see docs/PERFORMANCE.md):
#   JMH, 30 benchmark/parameter combinations x 3 forks x (3 x 1 s warm-up + 5 x 1 s measurement), -prof gc
#   -> benchmarks/results/results.json (+ jmh.log)
#   MemoryFootprint, one JVM per library at 100,000 series -> benchmarks/results/memory.json
#   MemoryFootprint in histogram mode, one JVM per library at 10,000 histogram series
#   -> benchmarks/results/memory-histogram.json
#   Report -> benchmarks/results/report.md (the tables of docs/PERFORMANCE.md)
#   CoreDistance before and after JMH, SchedulingGaps and ProcessingShare before
#   -> benchmarks/results/core-distance.log
# The JMH run includes the histogram benchmarks (HistogramEmit-, HistogramProcess- and
# HistogramScrapeBenchmark, about 5 more minutes). About 25 minutes on the project's 2-core machine; run it on
# a quiet machine.
# Extra arguments go to JMH, e.g. `benchmarks/run.sh Scrape` runs only the scrape benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

RESULTS=benchmarks/results
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$RESULTS"

mvn -q -B -Pbenchmarks -pl benchmarks -am -DskipTests package

# simpleclient writes a _created sample next to every counter sample unless told not to; with this all
# three libraries in the scrape benchmark write the same series (ScrapeBenchmark checks it).
export PROMETHEUS_DISABLE_CREATED_SERIES=true

# how far apart the hypervisor put the two vCPUs, before and after: it moves the emit figures (CoreDistance)
java -cp "$JAR" io.mvx.metrics.benchmarks.CoreDistance | tee "$RESULTS/core-distance.log"
# how often a spinning thread loses its CPU here: the floor under the default-settings figures
java -cp "$JAR" io.mvx.metrics.benchmarks.SchedulingGaps 3 | tee -a "$RESULTS/core-distance.log"
# how much of a CPU the processing thread takes beside two producers on one recorder (the two-thread figures)
java -cp "$JAR" io.mvx.metrics.benchmarks.ProcessingShare 2 3 4 | tee -a "$RESULTS/core-distance.log"
java -jar "$JAR" -f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff "$RESULTS/results.json" "$@" \
  | tee "$RESULTS/jmh.log"
java -cp "$JAR" io.mvx.metrics.benchmarks.CoreDistance | tee -a "$RESULTS/core-distance.log"
java -cp "$JAR" io.mvx.metrics.benchmarks.MemoryFootprint 100000 "$RESULTS/memory.json" | tee "$RESULTS/memory.log"
java -cp "$JAR" io.mvx.metrics.benchmarks.MemoryFootprint 10000 "$RESULTS/memory-histogram.json" histogram \
  | tee "$RESULTS/memory-histogram.log"
java -cp "$JAR" io.mvx.metrics.benchmarks.Report "$RESULTS/results.json" "$RESULTS/memory.json" \
  "$RESULTS/memory-histogram.json" > "$RESULTS/report.md"
echo "wrote $RESULTS/results.json, $RESULTS/memory.json, $RESULTS/memory-histogram.json and $RESULTS/report.md"
