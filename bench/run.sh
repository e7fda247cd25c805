#!/bin/sh
# MCR benchmark: builds MCR and the harness in Release, then measures MCR and (when installed) the
# distribution registry side by side. Options: --quick, --mcr-only, --distribution-auth none|htpasswd,
# --output <file.json>. See bench/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec dotnet run -c Release --project "$here/Mcr.Bench/Mcr.Bench.csproj" -- "$@"
