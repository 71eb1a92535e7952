-- SiLaJar's PostgreSQL role and database. Run once, as PostgreSQL's superuser:
--
--   sudo -u postgres psql -v password='…' -f deploy/postgres.sql
--
-- then put the same password in DATABASE_URL (/etc/silajar/env). Other names:
-- -v role=… -v database=… (both silajar by default).

\set ON_ERROR_STOP 1

\if :{?role}
\else
  \set role silajar
\endif
\if :{?database}
\else
  \set database silajar
\endif
\if :{?password}
\else
  \echo 'Give the password: -v password=...'
  \quit
\endif

CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";
