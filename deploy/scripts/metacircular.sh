#!/usr/bin/env bash
# The metacircular test: MCR serves its own image, and that image runs a working MCR.
#
#  1. build the mcrsrv image offline from the published binary (build-image.sh: buildah, from scratch);
#  2. push it into a running MCR (--registry) with buildah;
#  3. pull it back with podman into an empty image store and check its configuration;
#  4. `podman run` it: `mcrsrv init` writes a configuration into a fresh volume for /srv/mcr, then the
#     image's own ENTRYPOINT and CMD serve it on the host network, and its HEALTHCHECK must pass;
#  5. the registry inside must answer /v2/ (401 without a token, 200 with one) and accept a push:
#     podman pushes the very image it runs into it, and the manifest is read back by digest;
#  6. `podman stop` must end it cleanly (SIGTERM, exit code 0).
#
#   echo "$PASSWORD" | deploy/scripts/metacircular.sh --registry 127.0.0.1:8443 --user admin --port 18443
#
# --registry HOST:PORT  the running MCR to push to (TLS not verified: a development registry)
# --user NAME           an account that may push to metacircular/*; its password on standard input
# --port N              the host port for the registry in the container (default 18443)
# --from DIR            published programs (default: the repository's artifacts/)
# --work DIR            working directory, removed at the end unless --keep (default: a new temp directory)
# --inspect-out FILE    writes `podman image inspect` of the pulled image there (JSON), for the test suite
# Every image store is private to the working directory (vfs driver), so nothing on the host changes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$(dirname "$here")")"
from="$repo/artifacts"
registry=""; user=""; port=18443; work=""; keep=false; inspect_out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    --inspect-out) inspect_out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "metacircular.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
say() { echo "metacircular: $*"; }
die() { echo "metacircular: FAILED: $*" >&2; exit 1; }
[ -n "$registry" ] && [ -n "$user" ] || die "--registry and --user are required (--help)"
IFS= read -r password || true
[ -n "$password" ] || die "no password on standard input"
for tool in buildah podman curl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

[ -n "$work" ] || work="$(mktemp -d /tmp/mcr-metacircular-XXXXXX)"
mkdir -p "$work"
run_root="$(mktemp -d /tmp/mcrm-XXXXXX)"   # short: podman refuses a long run root
export REGISTRY_AUTH_FILE="$work/auth.json"
[ -f "$REGISTRY_AUTH_FILE" ] || echo "{}" > "$REGISTRY_AUTH_FILE"
podman_cmd=(podman --root "$work/podman" --runroot "$run_root" --storage-driver vfs)
container="mcr-metacircular-$$"
cleanup() {
  "${podman_cmd[@]}" rm -f -t 0 "$container" >/dev/null 2>&1 || true
  if $keep; then say "kept $work"; else rm -rf "$work"; fi
  rm -rf "$run_root"
}
trap cleanup EXIT

# What `podman run` needs on this kind of machine: a runtime that copes with a hybrid cgroup hierarchy
# (crun refuses one whose cgroup v2 tree has a controller; runc does not), and resource limits no higher
# than the caller's (setrlimit above them needs CAP_SYS_RESOURCE, which a sandbox may not grant).
run_options=(--ulimit "nofile=$(ulimit -Sn):$(ulimit -Sn)" --ulimit nproc=4096:4096)
# This script runs the HEALTHCHECK itself (podman healthcheck run): no systemd timer of podman's. Without
# a systemd manager podman still says it could not reach one; that line is dropped.
health_options=(--health-interval disable)
quiet_systemd() { grep -v 'unable to get systemd connection' >&2 || true; }
if [ -n "${MCR_PODMAN_RUNTIME:-}" ]; then
  podman_cmd+=(--runtime "$MCR_PODMAN_RUNTIME")
elif command -v runc >/dev/null; then
  podman_cmd+=(--runtime "$(command -v runc)")
fi

started=$SECONDS
# --- 1. build -------------------------------------------------------------------------------------------
local_image="$("$here/build-image.sh" --from "$from" --storage "$work/buildah" --tag localhost/mcr/mcrsrv:metacircular | tail -n 1)"
version="$("$from/mcrsrv/mcrsrv" --version)"; version="${version%%+*}"
remote_image="$registry/metacircular/mcrsrv:$version"
say "built $local_image ($((SECONDS - started))s)"

# --- 2. push into the running MCR ------------------------------------------------------------------
buildah_cmd=(buildah --root "$work/buildah/root" --runroot "$run_root" --storage-driver vfs)
printf '%s\n' "$password" | "${buildah_cmd[@]}" login --tls-verify=false -u "$user" --password-stdin "$registry" >/dev/null
"${buildah_cmd[@]}" push --quiet --tls-verify=false --format v2s2 "$local_image" "docker://$remote_image"
say "pushed $remote_image ($((SECONDS - started))s)"

# --- 3. pull into an empty store -------------------------------------------------------------------
[ -z "$("${podman_cmd[@]}" images -q)" ] || die "the podman store in $work/podman is not empty"
"${podman_cmd[@]}" pull --quiet --tls-verify=false "$remote_image" >/dev/null
pulled_id="$("${podman_cmd[@]}" image inspect --format '{{.Id}}' "$remote_image")"
built_id="$("${buildah_cmd[@]}" inspect --type image --format '{{.FromImageID}}' "$local_image")"
[ "$pulled_id" = "$built_id" ] || die "the pulled image $pulled_id is not the built one $built_id"
[ -z "$inspect_out" ] || "${podman_cmd[@]}" image inspect "$remote_image" > "$inspect_out"
check_config() {   # check_config GO-TEMPLATE EXPECTED
  local actual
  actual="$("${podman_cmd[@]}" image inspect --format "$1" "$remote_image")"
  [ "$actual" = "$2" ] || die "image $1 is '$actual', expected '$2'"
}
check_config '{{.Config.User}}' '10001:10001'
check_config '{{json .Config.Entrypoint}}' '["mcrsrv"]'
check_config '{{json .Config.Cmd}}' '["server","--config","/srv/mcr/mcr.toml"]'
check_config '{{index .Config.Labels "org.opencontainers.image.version"}}' "$version"
say "pulled $pulled_id into an empty store, the same image ($((SECONDS - started))s)"

# --- 4. run it --------------------------------------------------------------------------------------
volume="$work/srv-mcr"
install -d -m 0700 -o 10001 -g 10001 "$volume"
"${podman_cmd[@]}" run --rm "${run_options[@]}" --network host -v "$volume:/srv/mcr" "$remote_image" init --dir /srv/mcr > "$work/init.log" \
  || { cat "$work/init.log" >&2; die "mcrsrv init in the container failed"; }
[ -f "$volume/mcr.toml" ] || die "mcrsrv init wrote no /srv/mcr/mcr.toml"
inner_password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"${podman_cmd[@]}" run -d --name "$container" "${run_options[@]}" "${health_options[@]}" --network host -v "$volume:/srv/mcr" \
  -e "MCR_SERVER_LISTEN_ADDR=127.0.0.1:$port" -e MCR_SERVER_GRPC_ADDR= -e "MCR_ADMIN_PASSWORD=$inner_password" \
  "$remote_image" >/dev/null 2> >(quiet_systemd)
healthy=false
for _ in $(seq 1 60); do
  if "${podman_cmd[@]}" healthcheck run "$container" >/dev/null 2>&1; then healthy=true; break; fi
  [ "$("${podman_cmd[@]}" inspect --format '{{.State.Running}}' "$container")" = true ] || break
  sleep 1
done
if ! $healthy; then
  "${podman_cmd[@]}" logs "$container" >&2 || true
  die "the container never passed its HEALTHCHECK (mcrsrv health)"
fi
say "podman run: the image's HEALTHCHECK passes on 127.0.0.1:$port ($((SECONDS - started))s)"
[ "$(stat -c %u "$volume/mcr.db")" = 10001 ] || die "the database in the volume is not owned by uid 10001"

# --- 5. the registry inside ---------------------------------------------------------------------------
inner="127.0.0.1:$port"
curl_inner=(curl -s --cacert "$volume/tls/cert.pem" --max-time 10)
status="$("${curl_inner[@]}" -o /dev/null -w '%{http_code}' "https://$inner/v2/")"
[ "$status" = 401 ] || die "GET /v2/ without a token answered $status, expected 401"
token="$("${curl_inner[@]}" -u "admin:$inner_password" "https://$inner/v2/token" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || die "no token from https://$inner/v2/token"
status="$("${curl_inner[@]}" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "https://$inner/v2/")"
[ "$status" = 200 ] || die "GET /v2/ with a token answered $status, expected 200"
say "the registry in the container answers /v2/ (401, then 200 with a token)"

printf '%s\n' "$inner_password" | "${podman_cmd[@]}" login --tls-verify=false -u admin --password-stdin "$inner" >/dev/null
"${podman_cmd[@]}" push --quiet --tls-verify=false --digestfile "$work/digest" "$remote_image" "docker://$inner/mcr/mcrsrv:$version"
digest="$(cat "$work/digest")"
status="$("${curl_inner[@]}" -o /dev/null -w '%{http_code}' -I -H "Authorization: Bearer $token" \
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "https://$inner/v2/mcr/mcrsrv/manifests/$digest")"
[ "$status" = 200 ] || die "the pushed manifest $digest is not there (HEAD answered $status)"
say "the registry in the container accepted a push of its own image ($digest)"

# --- 6. stop ----------------------------------------------------------------------------------------
"${podman_cmd[@]}" stop -t 60 "$container" >/dev/null 2> >(quiet_systemd)
exit_code="$("${podman_cmd[@]}" inspect --format '{{.State.ExitCode}}' "$container")"
[ "$exit_code" = 0 ] || { "${podman_cmd[@]}" logs "$container" >&2 || true; die "mcrsrv exited with $exit_code on podman stop"; }
say "podman stop: mcrsrv exited 0"
say "OK in $((SECONDS - started))s"
