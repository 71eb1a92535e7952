"""A working day of the desk under load, in parts that bench/load.py and bench/db_restart.py
put together: `preparation` (the scratch database, the load accounts and the morning's work,
seeded by `seeding` in a Django process), `server` (gunicorn and the Huey consumer), `memory`
(their RSS), `browser` (one person's HTTP client and the forms of a page), `person` and `roles`
(the virtual people and their tasks), `day` (casting them and letting them arrive), `recording`
(every request timed) and `words` (what the people type). See bench/README.md ("Load")."""
