#!/usr/bin/env bash
# Builds the mcrsrv container image without a base image and without a network: the published Native
# AOT binary, the shared libraries it needs (ldd, plus the OpenSSL libraries .NET loads at run time) and
# a minimal /etc, committed with buildah from scratch. The result has the configuration of
# deploy/docker/mcrsrv.Dockerfile's image (user 10001, VOLUME /srv/mcr, ports 8443 and 9443, ENTRYPOINT,
# CMD, HEALTHCHECK and OCI labels); the end-to-end suite checks that the two agree.
#
#   dotnet publish src/Mcr.Server -c Release -o artifacts/mcrsrv
#   deploy/scripts/build-image.sh [--from artifacts] [--tag localhost/mcr/mcrsrv:0.1.0] [--storage DIR]
#
# --from DIR     published programs: DIR/mcrsrv (required) and DIR/mcrctl (copied in when present)
# --tag NAME     image name (default localhost/mcr/mcrsrv:<version>)
# --storage DIR  a private buildah store in DIR (vfs driver) instead of the system's
# Prints the image name on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$(dirname "$here")")"
from="$repo/artifacts"
tag=""
storage=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --storage) storage="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
say() { echo "build-image: $*" >&2; }
die() { echo "build-image: error: $*" >&2; exit 1; }

server="$from/mcrsrv/mcrsrv"
[ -x "$server" ] && [ -f "$from/mcrsrv/libe_sqlite3.so" ] \
  || die "no published server in $from/mcrsrv (dotnet publish src/Mcr.Server -c Release -o $from/mcrsrv)"
command -v buildah >/dev/null || die "buildah is not installed (apt-get install buildah)"

# "0.1.0+<commit>" from the binary itself.
full_version="$("$server" --version)"
version="${full_version%%+*}"
revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || true)"
[ -n "$revision" ] || { revision="${full_version#*+}"; [ "$revision" != "$full_version" ] || revision=unknown; }
source_url="$(git -C "$repo" config --get remote.origin.url 2>/dev/null || true)"
[ -n "$source_url" ] || source_url=unknown
[ -n "$tag" ] || tag="localhost/mcr/mcrsrv:$version"

# Docker's image format throughout: the OCI format has no HEALTHCHECK.
export BUILDAH_FORMAT=docker
buildah_cmd=(buildah)
if [ -n "$storage" ]; then
  mkdir -p "$storage"
  # A short run root: the runtime refuses long socket paths.
  run_root="$(mktemp -d /tmp/mcrb-XXXXXX)"
  buildah_cmd+=(--root "$storage/root" --runroot "$run_root" --storage-driver vfs)
fi

rootfs="$(mktemp -d)"
container=""
cleanup() {
  [ -z "$container" ] || "${buildah_cmd[@]}" rm "$container" >/dev/null 2>&1 || true
  rm -rf "$rootfs" ${run_root:+"$run_root"}
}
trap cleanup EXIT

# --- the programs -----------------------------------------------------------------------------------
install -D -m 0755 "$server" "$rootfs/usr/local/lib/mcr/mcrsrv"
install -D -m 0755 "$from/mcrsrv/libe_sqlite3.so" "$rootfs/usr/local/lib/mcr/libe_sqlite3.so"
mkdir -p "$rootfs/usr/local/bin"
ln -s ../lib/mcr/mcrsrv "$rootfs/usr/local/bin/mcrsrv"
elves=("$rootfs/usr/local/lib/mcr/mcrsrv" "$rootfs/usr/local/lib/mcr/libe_sqlite3.so")
if [ -x "$from/mcrctl/mcrctl" ]; then
  mkdir -p "$rootfs/usr/local/lib/mcrctl"
  (cd "$from/mcrctl" && find . -type f ! -name '*.dbg' ! -name '*.pdb' -exec cp --parents {} "$rootfs/usr/local/lib/mcrctl/" \;)
  ln -s ../lib/mcrctl/mcrctl "$rootfs/usr/local/bin/mcrctl"
  elves+=("$rootfs/usr/local/lib/mcrctl/mcrctl")
  while IFS= read -r -d '' so; do elves+=("$so"); done < <(find "$rootfs/usr/local/lib/mcrctl" -name '*.so' -print0)
  say "with mcrctl"
else
  say "without mcrctl ($from/mcrctl/mcrctl not found)"
fi

# --- the shared libraries -----------------------------------------------------------------------------
# ldd names what the binaries link; .NET opens OpenSSL (TLS, certificates) with dlopen, which ldd cannot
# see, so libssl and libcrypto are added by name and their own dependencies follow from ldd.
declare -A libraries=()
add_dependencies() {   # every library ldd resolves for $1, by the path ldd prints
  local line path
  while IFS= read -r line; do
    path=""
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in
      *" => /"*) path="${line#* => }"; path="${path%% (*}" ;;
      /*) path="${line%% (*}" ;;
    esac
    [ -n "$path" ] && [ -z "${libraries[$path]:-}" ] || continue
    libraries[$path]=1
    add_dependencies "$path"
  done < <(ldd "$1" 2>/dev/null || true)
}
for elf in "${elves[@]}"; do add_dependencies "$elf"; done
for soname in libssl.so.3 libcrypto.so.3; do
  path="$(ldconfig -p | awk -v n="$soname" '$1 == n && /x86-64|x86_64|64bit/ { print $NF; exit }')"
  [ -n "$path" ] || path="$(ldconfig -p | awk -v n="$soname" '$1 == n { print $NF; exit }')"
  [ -n "$path" ] || die "$soname not found (apt-get install libssl3)"
  libraries[$path]=1
  add_dependencies "$path"
done
for path in "${!libraries[@]}"; do
  install -D -m 0755 "$(readlink -f "$path")" "$rootfs$path"
done
say "shared libraries: $(printf '%s\n' "${!libraries[@]}" | sort | tr '\n' ' ')"
# The loader's cache, so that dlopen finds libraries by name wherever they sit.
mkdir -p "$rootfs/etc"
: > "$rootfs/etc/ld.so.conf"
ldconfig -r "$rootfs"

# --- a minimal /etc, the trust store, /tmp and the data directory -------------------------------------
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nmcr:x:10001:10001:MCR container registry:/srv/mcr:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nmcr:x:10001:\n' > "$rootfs/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
fi
install -d -m 1777 "$rootfs/tmp"
install -d -m 0700 -o 10001 -g 10001 "$rootfs/srv/mcr"

# --- the image ----------------------------------------------------------------------------------------
container="$("${buildah_cmd[@]}" from --name "mcrsrv-build-$$" scratch)"
mountpoint="$("${buildah_cmd[@]}" mount "$container")"
cp -a "$rootfs/." "$mountpoint/"
"${buildah_cmd[@]}" umount "$container" >/dev/null
"${buildah_cmd[@]}" config \
  --os linux --arch amd64 \
  --user 10001:10001 \
  --workingdir /srv/mcr \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --volume /srv/mcr \
  --port 8443/tcp --port 9443/tcp \
  --entrypoint '["mcrsrv"]' \
  --cmd '["server","--config","/srv/mcr/mcr.toml"]' \
  --stop-signal SIGTERM \
  --healthcheck 'CMD mcrsrv health --config /srv/mcr/mcr.toml' \
  --healthcheck-interval 30s --healthcheck-timeout 10s --healthcheck-start-period 20s --healthcheck-retries 3 \
  --label org.opencontainers.image.title=mcrsrv \
  --label "org.opencontainers.image.description=MCR container registry server (mcrsrv, with mcrctl when built)" \
  --label "org.opencontainers.image.version=$version" \
  --label "org.opencontainers.image.revision=$revision" \
  --label "org.opencontainers.image.source=$source_url" \
  "$container"
"${buildah_cmd[@]}" commit --quiet --format docker --rm "$container" "$tag" >/dev/null
container=""
say "built $tag (version $version, revision $revision)"
echo "$tag"
