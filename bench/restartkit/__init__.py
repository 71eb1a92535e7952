"""The parts of the database restart drill (bench/db_restart.py): `cluster` (the private,
throwaway PostgreSQL and pg_amcheck), `probing` (requests timed against the outage, a prober
keeping the error pages), `consistency` (the data checked with SQL before and after) and `report`
(the timeline, the verdict and its summary). See bench/README.md ("Database restart drill")."""
