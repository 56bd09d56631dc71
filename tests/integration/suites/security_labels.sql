-- Objects of every kind that pg_dump 15 writes security labels for, each with labels. Debian
-- packages no label provider (sepgsql, dummy_seclabel), so SECURITY LABEL itself fails on the
-- test server. A superuser can still insert the rows into pg_seclabel and pg_shseclabel, and
-- pg_dump reads them from there. Restoring these labels needs the providers, so this database
-- is compared with pg_dump's archives only and never restored.
CREATE SCHEMA labelled;
CREATE TABLE labelled.items (qty integer CHECK (qty > 0), "Item Name" text);
COMMENT ON TABLE labelled.items IS 'items';
COMMENT ON COLUMN labelled.items.qty IS 'quantity';
GRANT SELECT ON labelled.items TO PUBLIC;
INSERT INTO labelled.items VALUES (1, 'one');
CREATE VIEW labelled.item_view AS SELECT qty FROM labelled.items;
CREATE MATERIALIZED VIEW labelled.item_totals AS SELECT sum(qty) AS total FROM labelled.items;
CREATE SEQUENCE labelled.free_standing;
CREATE TABLE labelled.serial_owner (id serial);
CREATE TYPE labelled.mood AS ENUM ('ok');
CREATE TYPE labelled.pair AS (x integer, y text);
CREATE DOMAIN labelled.positive AS integer CHECK (VALUE > 0);
CREATE FUNCTION labelled.twice(integer) RETURNS integer LANGUAGE sql AS 'SELECT 2 * $1';
CREATE PROCEDURE labelled.noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE labelled.total(integer) (SFUNC = int4pl, STYPE = integer);
CREATE FUNCTION labelled.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
CREATE EVENT TRIGGER labelled_ddl ON ddl_command_start EXECUTE FUNCTION labelled.on_ddl();
CREATE LANGUAGE labelled_plpgsql HANDLER plpgsql_call_handler;
CREATE PUBLICATION labelled_publication;
CREATE FOREIGN DATA WRAPPER labelled_wrapper;
CREATE SERVER labelled_server FOREIGN DATA WRAPPER labelled_wrapper;
CREATE FOREIGN TABLE labelled.remote (x integer) SERVER labelled_server;
CREATE TABLE labelled.measures (k integer) PARTITION BY RANGE (k);
CREATE TABLE labelled.measures_low PARTITION OF labelled.measures FOR VALUES FROM (0) TO (10);
CREATE EXTENSION hstore;
SELECT lo_create(424201), lo_create(424202);
COMMENT ON LARGE OBJECT 424201 IS 'first';

CREATE FUNCTION pg_temp.label(catalog regclass, object oid, subid integer, provider text, label text)
  RETURNS void LANGUAGE sql
  AS 'INSERT INTO pg_catalog.pg_seclabel VALUES (object, catalog, subid, provider, label)';

SELECT pg_temp.label('pg_namespace', 'labelled'::regnamespace, 0, 'selinux', 'schema''s label');
SELECT pg_temp.label('pg_namespace', 'public'::regnamespace, 0, 'selinux', 'public schema');
-- Two providers on one object, a quoted provider name, and column labels inserted out of
-- column order: pg_dump writes the table's labels first, then the columns by number.
SELECT pg_temp.label('pg_class', 'labelled.items'::regclass, 2, 'selinux', 'item name');
SELECT pg_temp.label('pg_class', 'labelled.items'::regclass, 0, 'selinux', 'items table');
SELECT pg_temp.label('pg_class', 'labelled.items'::regclass, 0, 'Audit Provider', 'audited');
SELECT pg_temp.label('pg_class', 'labelled.items'::regclass, 1, 'selinux', 'quantity');
SELECT pg_temp.label('pg_class', 'labelled.item_view'::regclass, 0, 'selinux', 'view');
SELECT pg_temp.label('pg_class', 'labelled.item_view'::regclass, 1, 'selinux', 'view column');
SELECT pg_temp.label('pg_class', 'labelled.item_totals'::regclass, 0, 'selinux', 'materialized');
SELECT pg_temp.label('pg_class', 'labelled.free_standing'::regclass, 0, 'selinux', 'sequence');
SELECT pg_temp.label('pg_class', 'labelled.serial_owner_id_seq'::regclass, 0, 'selinux', 'owned');
SELECT pg_temp.label('pg_class', 'labelled.remote'::regclass, 0, 'selinux', 'foreign table');
SELECT pg_temp.label('pg_class', 'labelled.remote'::regclass, 1, 'selinux', 'foreign column');
SELECT pg_temp.label('pg_class', 'labelled.measures'::regclass, 0, 'selinux', 'partitioned');
SELECT pg_temp.label('pg_class', 'labelled.measures_low'::regclass, 0, 'selinux', 'partition');
SELECT pg_temp.label('pg_type', 'labelled.mood'::regtype, 0, 'selinux', 'enum');
SELECT pg_temp.label('pg_type', 'labelled.pair'::regtype, 0, 'selinux', 'composite');
SELECT pg_temp.label('pg_type', 'labelled.positive'::regtype, 0, 'selinux', 'domain');
SELECT pg_temp.label('pg_proc', 'labelled.twice'::regproc, 0, 'selinux', 'function');
SELECT pg_temp.label('pg_proc', 'labelled.noop'::regproc, 0, 'selinux', 'procedure');
SELECT pg_temp.label('pg_proc', 'labelled.total'::regproc, 0, 'selinux', 'aggregate');
SELECT pg_temp.label('pg_event_trigger', oid, 0, 'selinux', 'event trigger')
  FROM pg_event_trigger WHERE evtname = 'labelled_ddl';
SELECT pg_temp.label('pg_language', oid, 0, 'selinux', 'language')
  FROM pg_language WHERE lanname = 'labelled_plpgsql';
SELECT pg_temp.label('pg_publication', oid, 0, 'selinux', 'publication')
  FROM pg_publication WHERE pubname = 'labelled_publication';
SELECT pg_temp.label('pg_largeobject', 424201, 0, 'selinux', 'first large object');
SELECT pg_temp.label('pg_largeobject', 424202, 0, 'selinux', 'second large object');
-- pg_dump 15 writes no labels for extensions and their members.
SELECT pg_temp.label('pg_extension', oid, 0, 'selinux', 'extension')
  FROM pg_extension WHERE extname = 'hstore';
SELECT pg_temp.label('pg_type', 'public.hstore'::regtype, 0, 'selinux', 'extension member');

INSERT INTO pg_catalog.pg_shseclabel
  SELECT oid, 'pg_catalog.pg_database'::regclass, 'selinux', 'database'
  FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database();
COMMENT ON DATABASE wiredump_test_labels IS 'labelled database';
