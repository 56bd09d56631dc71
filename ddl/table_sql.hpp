#pragma once

#include "catalog/catalog_model.hpp"
#include "ddl/plan_context.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wiredump::ddl {

// The parts of a table that its CREATE TABLE may contain.
struct TableParts {
    // Defaults by column number. Those marked separate are left out.
    std::map<std::int64_t, const catalog::ColumnDefaultRecord*> defaults;
    // CHECK constraints in name order. Separate and inherited ones are left out.
    std::vector<const catalog::CheckConstraintRecord*> checks;
    // pg_get_partkeydef() of a partitioned table, such as "RANGE (at)".
    std::string partition_key;
};

// "FOREIGN TABLE" for a foreign table, "TABLE" otherwise, as ALTER and DROP write it.
std::string table_keyword(const catalog::RelationRecord& table);

// pg_dump's shouldPrintColumn: a column is written in CREATE TABLE unless it
// is dropped or exists only by inheritance (partitions list every column).
bool should_print_column(const catalog::RelationRecord& table, const catalog::ColumnRecord& column);

// The TABLE entry's SQL, as pg_dump 15's dumpTableSchema writes it for a
// plain, partitioned or foreign table: CREATE [UNLOGGED|FOREIGN] TABLE with
// columns, inline CHECK constraints, INHERITS, PARTITION BY, SERVER, WITH
// (...) and OPTIONS (...). Then come one ALTER TABLE ONLY per column property
// (statistics, storage, compression, options, foreign options), REPLICA
// IDENTITY and FORCE ROW LEVEL SECURITY.
std::string create_table_sql(const PlanContext& context, const catalog::RelationRecord& table,
                             const TableParts& parts);

// "a, b" style column list for COPY: every column that is neither dropped nor
// generated, in column number order, wrapped in parentheses; "" when none.
std::string copy_column_list(const PlanContext& context, const catalog::RelationRecord& table);

// Renders a reloptions array as pg_dump does: name=value pairs with the
// value always a quoted literal, each name prefixed with `prefix`.
std::string reloptions_sql(const PlanContext& context, const std::vector<std::string>& options,
                           const std::string& prefix);

}  // namespace wiredump::ddl
