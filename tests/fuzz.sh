#!/usr/bin/env bash
# Runs the fuzz suites alone. Default: the fixed seed and counts CI uses.
#   --long        100x the cases with a random seed (printed in the output, to replay a failure)
#   --seed N      replay a run with seed N
#   --count N     run N cases per property
set -euo pipefail
cd "$(dirname "$0")/.."

while [ $# -gt 0 ]; do
  case "$1" in
    --long) export MCR_FUZZ_LONG=1 ;;
    --seed) export MCR_FUZZ_SEED="$2"; shift ;;
    --count) export MCR_FUZZ_COUNT="$2"; shift ;;
    *) echo "usage: $0 [--long] [--seed N] [--count N]" >&2; exit 2 ;;
  esac
  shift
done

for project in tests/Mcr.Core.Tests tests/Mcr.Server.Tests; do
  dotnet test "$project" --filter "FullyQualifiedName~Fuzzing" --logger "console;verbosity=normal"
done
