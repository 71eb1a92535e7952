"""Upload attacks as data: what an attacker sends, and every upload field of the app.

`payloads.PAYLOADS` are hostile files (wrong magic bytes, polyglots, bombs, empty, oversized,
hostile names), built from `hostile`; `targets.TARGETS` are the upload fields, each saying how an
allowed user posts a file to it and which state would keep it (arranged in `tickets`,
`installations`, `contracts` and `organizations` on the `scene` the test gives).
`silajar/quality/tests/test_upload_attacks.py` sends every payload to every target that accepts
its family of file. Adding a target is one `UploadTarget(...)` entry in `targets` with an
`arrange` function (see the ticket ones)."""
