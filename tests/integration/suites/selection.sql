-- The database that selection.sh dumps with pg_dump's selection and
-- output options: names that need quoting, several schemas, sequences, indexes, foreign keys
-- between schemas, an extension, a large object, comments, grants, an unlogged table, float
-- columns and columns with a TOAST compression method.

CREATE ROLE selection_reader;
CREATE EXTENSION hstore;
SELECT format('COMMENT ON DATABASE %I IS %L', current_database(), 'selection fixture') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO selection_reader', current_database()) \gexec

CREATE SCHEMA abc;
CREATE SCHEMA axc;
CREATE SCHEMA "Mixed Case";
CREATE SCHEMA "dot.ted";
COMMENT ON SCHEMA abc IS 'schema abc';
GRANT USAGE ON SCHEMA abc TO selection_reader;

CREATE TABLE public.t1 (id serial PRIMARY KEY, note text);
CREATE TABLE public.t2 (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        t1_id integer REFERENCES public.t1 (id), tags hstore);
CREATE TABLE public.other (id integer PRIMARY KEY);
CREATE TABLE public.audit_log (at timestamptz DEFAULT now(), what text);
CREATE UNLOGGED TABLE public.scratch (k text PRIMARY KEY);
CREATE INDEX t1_note ON public.t1 (note);
COMMENT ON TABLE public.t1 IS 'table t1';
COMMENT ON COLUMN public.t1.note IS 'the note';
GRANT SELECT ON public.t1 TO selection_reader;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t1_touch BEFORE UPDATE ON public.t1 FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE VIEW public.t1_view AS SELECT id, note FROM public.t1;
CREATE MATERIALIZED VIEW public.t1_counts AS SELECT count(*) AS n FROM public.t1;

CREATE TABLE public.measure (id integer, at date) PARTITION BY RANGE (at);
CREATE TABLE public.measure_2024 PARTITION OF public.measure
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.measure_2025 PARTITION OF public.measure
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measure_id ON public.measure (id);

-- Foreign keys in a cycle and one that references its own table, which a data-only dump
-- cannot order.
CREATE TABLE public.team (id integer PRIMARY KEY, captain integer);
CREATE TABLE public.player (id integer PRIMARY KEY, team integer REFERENCES public.team (id));
ALTER TABLE public.team ADD FOREIGN KEY (captain) REFERENCES public.player (id);
CREATE TABLE public.node (id integer PRIMARY KEY, parent integer REFERENCES public.node (id));

CREATE TABLE abc.items (id bigserial PRIMARY KEY, t1_id integer REFERENCES public.t1 (id));
CREATE TABLE abc.item_log (item bigint REFERENCES abc.items (id), at date);
CREATE SEQUENCE abc.free_standing START 40;
CREATE TYPE abc.mood AS ENUM ('ok', 'not ok');
CREATE TABLE axc.things (id integer PRIMARY KEY, mood abc.mood);

CREATE TABLE "Mixed Case"."Upper Table" ("Key" integer PRIMARY KEY, "Value" text);
CREATE TABLE "Mixed Case"."lower table" (k integer REFERENCES "Mixed Case"."Upper Table" ("Key"));
CREATE TABLE "Mixed Case"."Tab""Quote" (x integer);
CREATE TABLE "dot.ted"."a.b" (x integer);
CREATE TABLE "dot.ted"."a$b" (x integer);
-- Float values whose COPY text depends on extra_float_digits, and columns with a TOAST
-- compression method, for --extra-float-digits and --no-toast-compression.
CREATE TABLE public.readings (id integer, exact double precision, single real,
  packed text COMPRESSION pglz, quick text COMPRESSION lz4);

-- A view and a materialized view that sort before the tables they read. Left out with -t or -T,
-- they still move those tables ahead of m_table in pg_dump's order.
CREATE SCHEMA view_order;
CREATE TABLE view_order.m_table (id integer);
CREATE TABLE view_order.y_table (id integer);
CREATE TABLE view_order.z_table (id integer);
CREATE VIEW view_order.a_view AS SELECT id FROM view_order.z_table;
CREATE MATERIALIZED VIEW view_order.b_counts AS SELECT count(*) AS n FROM view_order.y_table;

-- A function, an aggregate, a composite type and a domain in another schema, and a table that
-- -t 'uses_order.*_table' leaves out, that use the row types of tables in uses_order. Left out
-- with -t or -n, they still move those tables ahead of m_table in pg_dump's order.
CREATE SCHEMA uses_order;
CREATE TABLE uses_order.m_table (id integer);
CREATE TABLE uses_order.v_table (id integer);
CREATE TABLE uses_order.w_table (id integer);
CREATE TABLE uses_order.x_table (id integer);
CREATE TABLE uses_order.y_table (id integer);
CREATE TABLE uses_order.z_table (id integer);
CREATE TABLE uses_order.a_holder (v uses_order.v_table);
CREATE SCHEMA uses_other;
CREATE FUNCTION uses_other.all_w() RETURNS SETOF uses_order.w_table LANGUAGE sql
  AS 'SELECT * FROM uses_order.w_table';
CREATE FUNCTION uses_other.keep_first(anyelement, anyelement) RETURNS anyelement LANGUAGE sql
  AS 'SELECT coalesce($1, $2)';
CREATE AGGREGATE uses_other.first_x(uses_order.x_table)
  (SFUNC = uses_other.keep_first, STYPE = uses_order.x_table);
CREATE TYPE uses_other.pair AS (a uses_order.y_table, b integer);
CREATE DOMAIN uses_other.checked_z AS uses_order.z_table CHECK (VALUE IS NOT NULL);

CREATE PUBLICATION selection_pub FOR TABLE public.t1;
CREATE FUNCTION public.noop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER selection_events ON ddl_command_start EXECUTE FUNCTION public.noop();
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO selection_reader;

INSERT INTO public.t1 (note) VALUES ('one'), ('two'), ('three');
INSERT INTO public.t2 (t1_id, tags) VALUES (1, 'a=>1'), (2, 'b=>2');
INSERT INTO public.other VALUES (1), (2);
INSERT INTO public.audit_log (what) VALUES ('created');
INSERT INTO public.scratch VALUES ('tmp');
INSERT INTO abc.items (t1_id) VALUES (1), (3);
INSERT INTO abc.item_log VALUES (1, '2024-01-01');
INSERT INTO public.measure VALUES (1, '2024-05-01'), (2, '2025-05-01');
INSERT INTO axc.things VALUES (1, 'ok');
INSERT INTO "Mixed Case"."Upper Table" VALUES (1, 'One');
INSERT INTO "Mixed Case"."lower table" VALUES (1);
INSERT INTO "dot.ted"."a.b" VALUES (7);
INSERT INTO public.readings VALUES (1, 0.1, 0.1, 'p', 'q'), (2, 1.0 / 3, 1.0 / 3, NULL, NULL),
  (3, 1e300, 3.4e38, NULL, NULL), (4, 'NaN', '-Infinity', NULL, NULL);
REFRESH MATERIALIZED VIEW public.t1_counts;
SELECT pg_catalog.lo_from_bytea(0, '\x6c6f');
