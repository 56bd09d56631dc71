-- Prints one line per table, materialized view, sequence and large object with what a restore
-- must reproduce. Two databases hold the same data when their outputs are equal.
--
-- Tables: row count and an md5 over the rows' text form, sorted byte-wise. The text form
-- separates NULL, the empty string and the characters \N, as COPY's text format does. Columns
-- are listed by name because a restore may change their order: pg_dump recreates an inheritance
-- child with CREATE TABLE ... INHERITS, which puts the parent's columns first. ONLY keeps an
-- inheritance parent's count from including its children's rows.

SELECT format(
         'SELECT %L, count(*), md5(coalesce(string_agg(wiredump_row::text, E''\n'' ORDER BY wiredump_row::text COLLATE "C"), '''')) FROM (SELECT %s FROM ONLY %s) AS wiredump_row',
         'table ' || c.oid::regclass::text,
         (SELECT coalesce(string_agg(quote_ident(a.attname), ', ' ORDER BY a.attname COLLATE "C"), '')
            FROM pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
         c.oid::regclass)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'm')
   AND c.relispopulated
   AND n.nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast')
 ORDER BY c.oid::regclass::text COLLATE "C" \gexec

-- A materialized view created WITH NO DATA must stay unpopulated after a restore.
SELECT 'materialized view ' || c.oid::regclass::text, c.relispopulated
  FROM pg_class c
 WHERE c.relkind = 'm'
 ORDER BY c.oid::regclass::text COLLATE "C";

SELECT format('SELECT %L, last_value, is_called FROM %s',
              'sequence ' || c.oid::regclass::text, c.oid::regclass)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S'
   AND n.nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast')
 ORDER BY c.oid::regclass::text COLLATE "C" \gexec

SELECT 'large object ' || oid, pg_get_userbyid(lomowner), md5(lo_get(oid))
  FROM pg_largeobject_metadata
 ORDER BY oid;
