#!/usr/bin/env bash
# Installs MCR on this machine (or into a staging root): the mcr user and group, the programs, the data
# directory, an example configuration when there is none, and the systemd units. Running it again (an
# upgrade) replaces the programs and units that changed and nothing else: the configuration and the
# data are never overwritten.
#
#   dotnet publish src/Mcr.Server -c Release -o artifacts/mcrsrv     # and, once they exist:
#   dotnet publish src/Mcr.Cli -c Release -o artifacts/mcrctl
#   dotnet publish src/Mcr.Web -c Release -o artifacts/mcr-web
#   sudo deploy/scripts/install.sh [--from artifacts] [--prefix /usr/local]
#
# --from DIR    the published programs: DIR/mcrsrv/mcrsrv (required), DIR/mcrctl/mcrctl and
#               DIR/mcr-web/mcr-web (each installed when present, skipped with a message otherwise).
#               Default: the repository's artifacts/ directory.
# --prefix DIR  programs go to DIR/lib/<program>/ with a link in DIR/bin/ (default /usr/local); the units'
#               ExecStart lines follow it.
# DESTDIR=DIR   install into a staging root instead of /: the user goes into DIR/etc/passwd, and systemd is
#               not reloaded. For packaging and tests.
#
# Layout: PREFIX/lib/mcr/{mcrsrv,libe_sqlite3.so}, PREFIX/lib/mcrctl/, PREFIX/lib/mcr-web/, PREFIX/bin/<program>
# (symbolic links), /srv/mcr (0700, owner mcr) with mcr.toml (0640, root:mcr), tls/, layers/, uploads/,
# snapshots/, and /etc/systemd/system/{mcr,mcr-web,mcr-backup}.service and mcr-backup.timer.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy="$(dirname "$here")"
from="$(dirname "$deploy")/artifacts"
prefix=/usr/local
destdir="${DESTDIR:-}"
destdir="${destdir%/}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --from=*) from="${1#*=}"; shift ;;
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (--help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be an absolute path, not '$prefix'" >&2; exit 2 ;; esac
prefix="${prefix%/}"

data=/srv/mcr
units=/etc/systemd/system
user=mcr
# The images run as 10001 too, so a data directory moves between a container and this unit unchanged.
wanted_id=10001

say() { echo "install.sh: $*"; }
die() { echo "install.sh: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it creates a user and installs into $prefix and $data)"
[ -x "$from/mcrsrv/mcrsrv" ] && [ -f "$from/mcrsrv/libe_sqlite3.so" ] \
  || die "no published server in $from/mcrsrv (dotnet publish src/Mcr.Server -c Release -o $from/mcrsrv)"

# --- the mcr user and group -------------------------------------------------------------------------
etc="$destdir/etc"
if [ -n "$destdir" ]; then
  mkdir -p "$etc"
  for f in passwd group shadow gshadow; do
    [ -e "$etc/$f" ] || { : > "$etc/$f"; case "$f" in *shadow) chmod 0600 "$etc/$f" ;; esac; }
  done
  accounts=(--prefix "$destdir")
else
  accounts=()
fi
has_entry() { grep -q "^$2:" "$etc/$1"; }   # has_entry passwd|group NAME
id_free() { ! cut -d: -f3 "$etc/$1" | grep -qx "$2"; }
if has_entry group "$user"; then
  say "group $user exists"
else
  gid=(); id_free group "$wanted_id" && gid=(--gid "$wanted_id")
  groupadd "${accounts[@]}" --system "${gid[@]}" "$user"
  say "created group $user"
fi
if has_entry passwd "$user"; then
  say "user $user exists"
else
  uid=(); id_free passwd "$wanted_id" && uid=(--uid "$wanted_id")
  useradd "${accounts[@]}" --system "${uid[@]}" --gid "$user" --home-dir "$data" --no-create-home \
    --shell /usr/sbin/nologin --comment "MCR container registry" "$user" 2> >(grep -v 'greater than SYS_UID_MAX' >&2)
  say "created user $user"
fi
uid_of=$(grep "^$user:" "$etc/passwd" | cut -d: -f3)
gid_of=$(grep "^$user:" "$etc/group" | cut -d: -f3)

# --- programs ---------------------------------------------------------------------------------------
# Files are replaced only when their content differs (through a temporary file and a rename, so a
# running program keeps its old file), so a second run with the same programs changes nothing.
install_file() {   # install_file SOURCE TARGET MODE
  local source="$1" target="$2" mode="$3"
  if [ -f "$target" ] && [ ! -L "$target" ] && cmp -s "$source" "$target"; then
    [ "$(stat -c %a "$target")" = "$mode" ] || chmod "$mode" "$target"
    return 1
  fi
  mkdir -p "$(dirname "$target")"
  cp "$source" "$target.new.$$"
  chmod "$mode" "$target.new.$$"
  chown 0:0 "$target.new.$$"
  mv -f "$target.new.$$" "$target"
}

link() {   # link TARGET NAME: a symbolic link NAME -> TARGET, left alone when it already points there
  if [ "$(readlink "$2" 2>/dev/null)" != "$1" ]; then
    mkdir -p "$(dirname "$2")"
    ln -sfn "$1" "$2"
    return 0
  fi
  return 1
}

# install_program NAME: the published directory $from/NAME into PREFIX/lib/<dir>/, exactly (files the
# new version no longer has are removed), and PREFIX/bin/NAME.
install_program() {
  local name="$1" dir="$2" source="$from/$1" target="$destdir$prefix/lib/$2" changed=0 file rel mode
  while IFS= read -r -d '' file; do
    rel="${file#"$source"/}"
    case "$rel" in *.dbg|*.pdb) continue ;; esac   # debug symbols stay in the build output
    mode=0644
    if [ -x "$file" ] || [[ "$rel" == *.so ]]; then mode=0755; fi
    if install_file "$file" "$target/$rel" "$mode"; then changed=$((changed + 1)); fi
  done < <(find -H "$source" -type f -print0 | sort -z)
  while IFS= read -r -d '' file; do
    rel="${file#"$target"/}"
    if [ ! -f "$source/$rel" ] || [[ "$rel" == *.dbg ]] || [[ "$rel" == *.pdb ]]; then
      rm -f "$file"; changed=$((changed + 1))
    fi
  done < <([ -d "$target" ] && find "$target" -type f -print0 | sort -z)
  if link "../lib/$dir/$name" "$destdir$prefix/bin/$name"; then changed=$((changed + 1)); fi
  if [ "$changed" -gt 0 ]; then say "installed $name in $prefix/lib/$dir and $prefix/bin/$name ($changed changes)"
  else say "$name in $prefix/lib/$dir is up to date"; fi
}

install_program mcrsrv mcr
installed_web=false
for program in mcrctl mcr-web; do
  if [ -x "$from/$program/$program" ]; then
    install_program "$program" "$program"
    [ "$program" = mcr-web ] && installed_web=true
  else
    say "skipped $program: $from/$program/$program not found (dotnet publish it to $from/$program to install it)"
  fi
done

# --- the data directory -----------------------------------------------------------------------------
for dir in "$data" "$data/tls" "$data/layers" "$data/uploads" "$data/snapshots"; do
  path="$destdir$dir"
  if [ -d "$path" ]; then
    [ "$(stat -c '%a %u %g' "$path")" = "700 $uid_of $gid_of" ] || { chown "$uid_of:$gid_of" "$path"; chmod 0700 "$path"; say "fixed owner and mode of $dir"; }
  else
    mkdir -p "$path"; chown "$uid_of:$gid_of" "$path"; chmod 0700 "$path"
    say "created $dir (0700, $user)"
  fi
done

config="$destdir$data/mcr.toml"
if [ -e "$config" ]; then
  say "kept the existing $data/mcr.toml"
else
  cp "$deploy/examples/mcr.toml" "$config.new.$$"
  chown "0:$gid_of" "$config.new.$$"
  chmod 0640 "$config.new.$$"
  mv "$config.new.$$" "$config"
  say "installed the example configuration $data/mcr.toml: edit it (the keys marked EDIT) before starting mcr"
fi

# --- systemd units ----------------------------------------------------------------------------------
unit_names=(mcr.service mcr-backup.service mcr-backup.timer)
$installed_web && unit_names+=(mcr-web.service)
staged="$(mktemp -d)"
trap 'rm -rf "$staged"' EXIT
for unit in "${unit_names[@]}"; do
  sed "s#/usr/local/bin/#$prefix/bin/#g" "$deploy/systemd/$unit" > "$staged/$unit"
  if install_file "$staged/$unit" "$destdir$units/$unit" 0644; then say "installed $units/$unit"
  else say "$units/$unit is up to date"; fi
done

if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  say "reloaded systemd"
else
  if [ -n "$destdir" ]; then say "systemd not reloaded: DESTDIR is set"; else say "systemd not reloaded: systemd is not running"; fi
fi

cat <<EOF
install.sh: done. Next:
  1. edit $data/mcr.toml, and put the server certificate and key at $data/tls/cert.pem and key.pem
     (owned by $user, key mode 0600), or create a self-signed pair: runuser -u $user -- $prefix/bin/mcrsrv init --dir $data
  2. systemctl enable --now mcr.service mcr-backup.timer$($installed_web && echo ' mcr-web.service')
  3. $prefix/bin/mcrsrv health --config $data/mcr.toml
EOF
