"""Backup and restore: the whole database and the uploaded files in one archive.

    python manage.py backup /srv/backup/silajar-2026-05-01.tar.gz
    python manage.py restore /srv/backup/silajar-2026-05-01.tar.gz [--force]

The archive is a gzip-compressed tar holding

* `data.jsonl` — every row of every model, one JSON object a line (Django's serialisation,
  so it loads into SQLite or PostgreSQL alike). Row ids are kept, so references between rows
  (and the audit trail's object ids) stay right; only content types and permissions — which
  every install creates for itself, with its own ids — are referred to by name;
* `media/…` — the uploaded files (MEDIA_ROOT);
* `manifest.json`, written last — format version, time, app version, the applied migrations,
  and per model its row count and a digest of its rows; the size and SHA-256 of every other
  member.

Rows are read in chunks inside one read-only snapshot, so memory stays bounded and the
backup is consistent while people keep working. A restore checks every checksum while it
unpacks into a staging folder, before anything is touched; then, in one transaction, it
empties the database, loads the rows in batches and resets PostgreSQL's sequences, checks the counts
and digests against the manifest, and moves the files into place. Any failure leaves the
database as it was.

The models are those of the app registry (every installed app's managed models), so a new app's
data is in the backup without being named here. `archive` is the file format (members,
checksums, unpacking), `rows` which rows and how they are written and digested, `create` the
backup and `restore` the restore.
"""
