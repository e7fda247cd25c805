#!/bin/sh
# MCR benchmark: publishes mcrsrv as a Native AOT executable (the release artifact), builds the harness
# in Release, then measures MCR and (when installed) the distribution registry side by side.
# Options: --jit (measure the JIT build, mcrsrv.dll, instead), --quick, --mcr-only, --only <workloads>,
# --distribution-auth none|htpasswd, --output <file.json>. See bench/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

jit=false
for arg in "$@"; do
  [ "$arg" = "--jit" ] && jit=true
done
if [ "$jit" = true ]; then
  # drop --jit: the harness itself measures the Release mcrsrv.dll when MCR_BENCH_SERVER is unset
  for arg in "$@"; do
    shift
    [ "$arg" = "--jit" ] || set -- "$@" "$arg"
  done
  unset MCR_BENCH_SERVER
elif [ -z "${MCR_BENCH_SERVER:-}" ]; then
  echo "publishing mcrsrv (Native AOT, Release) to artifacts/mcrsrv ..." >&2
  dotnet publish "$root/src/Mcr.Server" -c Release -o "$root/artifacts/mcrsrv" -v quiet -nologo >&2
  MCR_BENCH_SERVER="$root/artifacts/mcrsrv/mcrsrv"
  export MCR_BENCH_SERVER
fi
exec dotnet run -c Release --project "$here/Mcr.Bench/Mcr.Bench.csproj" -- "$@"
