-- Fills the current database with :table_count tables of the kind an application has, to
-- measure how catalog reads scale with the number of objects. Each table has a serial primary
-- key, a foreign key, a CHECK constraint, column defaults, an index, a table and a column
-- comment, and a grant. Run it with psql -v table_count=N on an empty database.
--
-- Each statement runs in its own transaction (psql's \gexec in autocommit mode), so creating
-- 20,000 tables needs no more than the default max_locks_per_transaction.

SELECT 'CREATE ROLE scale_reader NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scale_reader') \gexec

CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL);

SELECT format('CREATE TABLE item_%s (id serial PRIMARY KEY, customer_id integer REFERENCES customer, '
              'label text NOT NULL DEFAULT ''none'', amount numeric(10,2) CHECK (amount >= 0), '
              'created timestamptz NOT NULL DEFAULT now())', i),
       format('CREATE INDEX item_%s_created ON item_%s (created)', i, i),
       format('COMMENT ON TABLE item_%s IS ''items of batch %s''', i, i),
       format('COMMENT ON COLUMN item_%s.amount IS ''in euros''', i),
       format('GRANT SELECT ON item_%s TO scale_reader', i)
  FROM generate_series(1, :table_count) AS i \gexec
