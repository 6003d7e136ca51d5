#!/usr/bin/env bash
# Back up Partnerwerk: the database (pg_dump, custom format) and the files
# (private documents and pool photos, public media), with checksums.
#
#   DATABASE_URL=postgres://... PRIVATE_MEDIA_ROOT=... MEDIA_ROOT=... deploy/backup.sh DIR
#
# Writes DIR/database.dump, DIR/private-media.tar.gz, DIR/media.tar.gz and
# DIR/SHA256SUMS. Restore with deploy/restore.sh DIR. Take the dump first: a
# file uploaded after it is only an orphan after a restore, while a database
# row whose file is missing would be a broken download.
# With PRIVATE_STORAGE_BUCKET the private files live in the bucket: back it up
# with the provider's versioning or `rclone sync`; this script skips them.
set -euo pipefail
DEST=${1:?usage: deploy/backup.sh DIR}
: "${DATABASE_URL:?set DATABASE_URL}"
PG_DUMP=${PG_BIN:+$PG_BIN/}pg_dump
mkdir -p "$DEST"

"$PG_DUMP" --format=custom --no-owner --no-privileges --file="$DEST/database.dump" \
  --dbname="$DATABASE_URL"

archive() {  # archive NAME DIR
  local name=$1 dir=$2
  if [[ -d $dir ]]; then
    tar -C "$dir" -czf "$DEST/$name.tar.gz" .
  else
    echo "backup: $dir does not exist; $name.tar.gz is empty" >&2
    tar -czf "$DEST/$name.tar.gz" -T /dev/null
  fi
}
if [[ -n ${PRIVATE_STORAGE_BUCKET:-} ]]; then
  echo "backup: private files are in bucket $PRIVATE_STORAGE_BUCKET; back it up separately" >&2
else
  archive private-media "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
fi
[[ -n ${MEDIA_ROOT:-} ]] && archive media "$MEDIA_ROOT"

(cd "$DEST" && sha256sum -- *.dump *.tar.gz >SHA256SUMS)
echo "backup: written to $DEST"
