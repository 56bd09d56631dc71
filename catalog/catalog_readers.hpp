#pragma once

#include "catalog/catalog_model.hpp"
#include "catalog/query_runner.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

// Set-based catalog reads. Each function sends a fixed number of statements,
// whatever the number of objects, and on failure returns the runner's
// error_code with a client message naming what was being read.
namespace wiredump::catalog {

// pg_is_in_recovery(), pg_get_keywords() and pg_roles.
std::error_code read_keywords_and_roles(QueryRunner& runner, CatalogModel& model,
                                        protocol::Diagnostics& diagnostics);

// pg_extension and the extension membership rows of pg_depend (deptype 'e').
std::error_code read_extensions(QueryRunner& runner, CatalogModel& model,
                                protocol::Diagnostics& diagnostics);

// pg_namespace, marking each schema dumped or not by pg_dump's rules.
std::error_code read_namespaces(QueryRunner& runner, CatalogModel& model,
                                protocol::Diagnostics& diagnostics);

// pg_class rows of kinds r, S, v, c, m, f and p, marking each dumped or not, and setting
// extension_config_filter on the extension configuration relations whose rows are dumped.
std::error_code read_relations(QueryRunner& runner, CatalogModel& model,
                               protocol::Diagnostics& diagnostics);

// Takes ACCESS SHARE on every dumped plain and partitioned table and on every
// extension configuration table whose rows are dumped, batched into
// statements of at most max_statement_bytes, and marks them locked.
// Stores the lock table settings and the count of relations to lock, these
// tables and the `sequences_read` sequences whose values the dump will read,
// in the model, and names both when the server's lock table is full.
std::error_code lock_dumped_tables(QueryRunner& runner, CatalogModel& model,
                                   std::size_t sequences_read, protocol::Diagnostics& diagnostics,
                                   std::size_t max_statement_bytes = 100000);

// pg_attribute for the given relations, pg_inherits and collation names.
std::error_code read_columns(QueryRunner& runner, const std::vector<std::uint32_t>& table_oids,
                             CatalogModel& model, protocol::Diagnostics& diagnostics);

// pg_description for every object, and the database's shared comment.
std::error_code read_comments(QueryRunner& runner, CatalogModel& model,
                              protocol::Diagnostics& diagnostics);

// The pg_seclabels view for every object, and the pg_shseclabel rows of the current database.
std::error_code read_security_labels(QueryRunner& runner, CatalogModel& model,
                                     protocol::Diagnostics& diagnostics);

// pg_depend without pinned and extension rows, as pg_dump's getDependencies.
std::error_code read_dependencies(QueryRunner& runner, CatalogModel& model,
                                  protocol::Diagnostics& diagnostics);

// The pg_database row of the current database and its pg_db_role_setting rows.
std::error_code read_database(QueryRunner& runner, CatalogModel& model,
                              protocol::Diagnostics& diagnostics);

// pg_attrdef rows of the given tables.
std::error_code read_column_defaults(QueryRunner& runner,
                                     const std::vector<std::uint32_t>& table_oids,
                                     std::vector<ColumnDefaultRecord>& defaults,
                                     protocol::Diagnostics& diagnostics);

// CHECK constraints (contype 'c') of the given tables, and from PostgreSQL 18 on their NOT VALID
// not-null constraints (contype 'n').
std::error_code read_check_constraints(QueryRunner& runner, int server_version_num,
                                       const std::vector<std::uint32_t>& table_oids,
                                       std::vector<CheckConstraintRecord>& checks,
                                       protocol::Diagnostics& diagnostics);

// Valid indexes of the given (locked) tables with their PRIMARY KEY, UNIQUE
// or EXCLUDE constraint, if any.
std::error_code read_indexes(QueryRunner& runner, const CatalogModel& model,
                             const std::vector<std::uint32_t>& table_oids,
                             std::vector<IndexRecord>& indexes,
                             protocol::Diagnostics& diagnostics);

// Foreign keys of the given tables, leaving out the copies that partitions inherit.
std::error_code read_foreign_keys(QueryRunner& runner, const std::vector<std::uint32_t>& table_oids,
                                  std::vector<ForeignKeyRecord>& foreign_keys,
                                  protocol::Diagnostics& diagnostics);

// Partitioning details by table OID: pg_get_partkeydef() of the given
// partitioned tables into `keys`, and pg_get_expr(relpartbound) of the given
// partitions into `bounds`. Both lists must hold locked tables only.
std::error_code read_partitioning(QueryRunner& runner,
                                  const std::vector<std::uint32_t>& partitioned_tables,
                                  const std::vector<std::uint32_t>& partitions,
                                  std::unordered_map<std::uint32_t, std::string>& keys,
                                  std::unordered_map<std::uint32_t, std::string>& bounds,
                                  protocol::Diagnostics& diagnostics);

// The server name and OPTIONS of the given foreign tables, stored in their
// relation records.
std::error_code read_foreign_tables(QueryRunner& runner,
                                    const std::vector<std::uint32_t>& foreign_tables,
                                    CatalogModel& model, protocol::Diagnostics& diagnostics);

// pg_sequence rows of the given sequences, and the current values
// (last_value, is_called) of those in `value_oids`, read in the dump's
// snapshot. Only a sequence relation itself holds its values, so they take
// one statement per 100 sequences, and each read locks its sequence.
std::error_code read_sequences(QueryRunner& runner, const CatalogModel& model,
                               const std::vector<std::uint32_t>& sequence_oids,
                               const std::vector<std::uint32_t>& value_oids,
                               std::vector<SequenceRecord>& sequences,
                               protocol::Diagnostics& diagnostics,
                               std::size_t max_statement_bytes = 100000);

// Foreign keys whose referenced table belongs to an extension. pg_dump 15
// loads the rows of a referenced configuration table first, because CREATE
// EXTENSION has made the key before the rows arrive.
std::error_code read_extension_config_foreign_keys(QueryRunner& runner,
                                                   std::vector<ForeignKeyTables>& foreign_keys,
                                                   protocol::Diagnostics& diagnostics);

// Every partitioned table whose partition key hashes an enum column, dumped
// or not. Hash values of enums depend on their OIDs, which a restore does not
// keep, so pg_dump 15.3 and later load the rows of partitions below such a
// table through the partition root.
std::error_code read_hash_enum_partitioned_tables(QueryRunner& runner, OidSet& tables,
                                                  protocol::Diagnostics& diagnostics);

}  // namespace wiredump::catalog
