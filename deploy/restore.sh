#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and file folders.
#
#   DATABASE_URL=postgres://... PRIVATE_MEDIA_ROOT=... MEDIA_ROOT=... deploy/restore.sh DIR
#
# Create the database first (createdb, owned by the application's role). The
# checksums are verified before anything is written. Stop the application
# while restoring; run `manage.py migrate` afterwards when restoring into a
# newer release.
set -euo pipefail
SRC=${1:?usage: deploy/restore.sh DIR}
: "${DATABASE_URL:?set DATABASE_URL}"
PG_RESTORE=${PG_BIN:+$PG_BIN/}pg_restore

(cd "$SRC" && sha256sum --check --quiet SHA256SUMS)

"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$SRC/database.dump"

unpack() {  # unpack NAME DIR
  local name=$1 dir=$2
  [[ -f $SRC/$name.tar.gz ]] || return 0
  mkdir -p "$dir"
  if [[ -n $(ls -A "$dir") ]]; then
    echo "restore: $dir is not empty; refusing to mix backups" >&2
    exit 1
  fi
  tar -C "$dir" -xzf "$SRC/$name.tar.gz"
}
if [[ -f $SRC/private-media.tar.gz ]]; then
  unpack private-media "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
fi
[[ -n ${MEDIA_ROOT:-} ]] && unpack media "$MEDIA_ROOT"
echo "restore: done from $SRC"
