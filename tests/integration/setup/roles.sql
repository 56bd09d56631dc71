-- Roles that the fixtures make owners and grantees. Roles belong to the whole cluster, so this
-- runs once before the fixtures and may run again on a server that already has them.

SELECT format('CREATE ROLE %I NOLOGIN', name)
  FROM unnest(ARRAY['wiredump_owner', 'wiredump_reader', 'wiredump_writer', 'Wiredump Mixed "Role"']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) \gexec
