#include "ddl/table_sql.hpp"

namespace wiredump::ddl {

namespace {

const char* storage_name(char storage) {
    switch (storage) {
    case 'p': return "PLAIN";
    case 'e': return "EXTERNAL";
    case 'm': return "MAIN";
    case 'x': return "EXTENDED";
    default: return nullptr;
    }
}

const char* compression_name(char compression) {
    switch (compression) {
    case 'p': return "pglz";
    case 'l': return "lz4";
    default: return nullptr;
    }
}

// A column's NOT NULL comes from a parent when any parent has the column
// NOT NULL. pg_dump 15 then leaves it out, because inheritance restores it.
bool not_null_is_inherited(const PlanContext& context, const catalog::RelationRecord& table,
                           const catalog::ColumnRecord& column) {
    auto parents = context.model.parents.find(table.id.oid);
    if (parents == context.model.parents.end()) return false;
    for (std::uint32_t parent : parents->second) {
        for (const auto& parent_column : context.model.table_columns(parent)) {
            if (!parent_column.is_dropped && parent_column.name == column.name &&
                parent_column.not_null) {
                return true;
            }
        }
    }
    return false;
}

bool prints_default(const catalog::ColumnRecord& column, const TableParts& parts) {
    auto found = parts.defaults.find(column.number);
    return found != parts.defaults.end() && !found->second->separate;
}

// From PostgreSQL 18 on, conislocal of the column's not-null constraint is true when the table
// declares the constraint itself. pg_dump 18 prints it then, and always on a partition.
bool has_not_null_constraints(const PlanContext& context) {
    return context.model.server_version_num >= 180000;
}

// pg_dump 18.6 prints a valid not-null constraint that a child inherits only from NOT VALID ones
// of its parents on the child, as if declared there. The parents' constraints are added only
// after the data, so the child needs its own.
bool inherits_only_invalid_not_nulls(const PlanContext& context, const catalog::RelationRecord& table,
                                     const catalog::ColumnRecord& column) {
    auto parents = context.model.parents.find(table.id.oid);
    if (parents == context.model.parents.end()) return false;
    bool found = false;
    for (std::uint32_t parent : parents->second) {
        for (const auto& parent_column : context.model.table_columns(parent)) {
            if (parent_column.is_dropped || parent_column.name != column.name || !parent_column.not_null) {
                continue;
            }
            if (parent_column.not_null_validated) return false;
            found = true;
        }
    }
    return found;
}

// Whether the table declares the column's valid not-null constraint itself, on PostgreSQL 18.
// A NOT VALID one is dumped after the data as a separate constraint.
bool declares_not_null(const PlanContext& context, const catalog::RelationRecord& table,
                       const catalog::ColumnRecord& column) {
    if (!column.not_null || !column.not_null_validated) return false;
    return column.not_null_is_local || inherits_only_invalid_not_nulls(context, table, column);
}

bool prints_not_null(const PlanContext& context, const catalog::RelationRecord& table,
                     const catalog::ColumnRecord& column) {
    if (has_not_null_constraints(context)) {
        return declares_not_null(context, table, column) ||
               (table.is_partition && column.not_null && column.not_null_validated);
    }
    if (!column.not_null) return false;
    return !not_null_is_inherited(context, table, column) || table.is_partition;
}

// The not-null constraint name that pg_dump 18 prints: empty for servers before 18 and for the
// default name "<table>_<column>_not_null". A constraint named in CREATE TABLE or inherited from
// a parent keeps a name that differs from the default. A commented constraint always gets its
// name, which its COMMENT ON CONSTRAINT needs.
std::string printed_not_null_name(const PlanContext& context, const catalog::RelationRecord& table,
                                  const catalog::ColumnRecord& column) {
    if (!has_not_null_constraints(context)) return {};
    const bool commented =
        context.model.comments.count({catalog::pg_constraint_oid, column.not_null_oid}) > 0;
    if (!commented && column.not_null_name == table.name + "_" + column.name + "_not_null") {
        return {};
    }
    return column.not_null_name;
}

std::string not_null_clause(const PlanContext& context, const catalog::RelationRecord& table,
                            const catalog::ColumnRecord& column) {
    std::string sql;
    const std::string name = printed_not_null_name(context, table, column);
    if (!name.empty()) sql += " CONSTRAINT " + context.quote(name);
    sql += " NOT NULL";
    if (column.not_null_no_inherit) sql += " NO INHERIT";
    return sql;
}

// pg_dump 18 writes "NOT NULL column" as a table constraint for a column that the table inherits
// but whose not-null constraint the table declares itself.
bool prints_table_not_null(const PlanContext& context, const catalog::RelationRecord& table,
                           const catalog::ColumnRecord& column) {
    return has_not_null_constraints(context) && declares_not_null(context, table, column) &&
           !column.is_dropped && !should_print_column(table, column);
}

std::string table_not_null_sql(const PlanContext& context, const catalog::RelationRecord& table,
                               const catalog::ColumnRecord& column) {
    std::string sql;
    const std::string name = printed_not_null_name(context, table, column);
    if (!name.empty()) sql += "CONSTRAINT " + context.quote(name) + " ";
    sql += "NOT NULL " + context.quote(column.name);
    if (column.not_null_no_inherit) sql += " NO INHERIT";
    return sql;
}

std::string column_definition(const PlanContext& context, const catalog::RelationRecord& table,
                              const catalog::ColumnRecord& column, const TableParts& parts) {
    // A typed table's column types come from its type.
    std::string sql = context.quote(column.name);
    if (table.of_type_name.empty()) sql += " " + column.type_name;

    if (prints_default(column, parts)) {
        auto found = parts.defaults.find(column.number);
        if (column.generated == 's') {
            sql += " GENERATED ALWAYS AS (" + found->second->expression + ") STORED";
        } else if (column.generated == 'v') {
            // VIRTUAL is the default kind from PostgreSQL 18 on, and pg_dump 18 leaves it out.
            sql += " GENERATED ALWAYS AS (" + found->second->expression + ")";
        } else {
            sql += " DEFAULT " + found->second->expression;
        }
    }

    if (prints_not_null(context, table, column)) sql += not_null_clause(context, table, column);

    if (column.collation_oid != 0) {
        auto collation = context.model.collation_names.find(column.collation_oid);
        if (collation != context.model.collation_names.end()) sql += " COLLATE " + collation->second;
    }
    return sql;
}

std::string column_follow_ups(const PlanContext& context, const catalog::RelationRecord& table) {
    const std::string keyword = table_keyword(table);
    const std::string prefix =
        "ALTER " + keyword + " ONLY " + context.qualify(table) + " ALTER COLUMN ";
    std::string sql;
    for (const auto& column : context.model.table_columns(table.id.oid)) {
        if (column.is_dropped) continue;
        const std::string column_prefix = prefix + context.quote(column.name);

        if (column.statistics_target >= 0) {
            sql += column_prefix + " SET STATISTICS " + std::to_string(column.statistics_target) + ";\n";
        }
        // Storage is written only where it differs from the type's default.
        if (column.storage != column.type_storage) {
            if (const char* name = storage_name(column.storage)) {
                sql += column_prefix + " SET STORAGE " + name + ";\n";
            }
        }
        const char* compression = context.options.content.no_toast_compression
                                      ? nullptr
                                      : compression_name(column.compression);
        if (compression != nullptr) sql += column_prefix + " SET COMPRESSION " + compression + ";\n";
        if (!column.options.empty()) sql += column_prefix + " SET (" + column.options + ");\n";
        if (table.relkind == 'f' && !column.fdw_options.empty()) {
            sql += "ALTER FOREIGN TABLE " + context.qualify(table) + " ALTER COLUMN " +
                   context.quote(column.name) + " OPTIONS (\n    " + column.fdw_options + "\n);\n";
        }
    }
    return sql;
}

}  // namespace

std::string table_keyword(const catalog::RelationRecord& table) {
    return table.relkind == 'f' ? "FOREIGN TABLE" : "TABLE";
}

bool should_print_column(const catalog::RelationRecord& table, const catalog::ColumnRecord& column) {
    if (column.is_dropped) return false;
    return column.is_local || table.is_partition;
}

std::string reloptions_sql(const PlanContext& context, const std::vector<std::string>& options,
                           const std::string& prefix) {
    std::string sql;
    for (const auto& option : options) {
        std::size_t equals = option.find('=');
        std::string name = option.substr(0, equals);
        std::string value = equals == std::string::npos ? std::string() : option.substr(equals + 1);
        if (!sql.empty()) sql += ", ";
        sql += prefix + context.quote(name) + "=" + context.literal(value);
    }
    return sql;
}

std::string create_table_sql(const PlanContext& context, const catalog::RelationRecord& table,
                             const TableParts& parts) {
    const std::string name = context.qualify(table);
    std::string sql = "CREATE ";
    if (table.persistence == 'u') sql += "UNLOGGED ";
    sql += table_keyword(table) + " " + name;
    const bool typed = !table.of_type_name.empty();
    if (typed) sql += " OF " + table.of_type_name;

    int item_count = 0;
    for (const auto& column : context.model.table_columns(table.id.oid)) {
        if (prints_table_not_null(context, table, column)) {
            sql += item_count == 0 ? " (\n    " : ",\n    ";
            sql += table_not_null_sql(context, table, column);
            ++item_count;
            continue;
        }
        if (!should_print_column(table, column)) continue;
        // A typed table lists only the columns that add a default or NOT NULL.
        if (typed && !prints_default(column, parts) && !prints_not_null(context, table, column)) {
            continue;
        }
        sql += item_count == 0 ? " (\n    " : ",\n    ";
        sql += column_definition(context, table, column, parts);
        ++item_count;
    }
    for (const auto* check : parts.checks) {
        if (check->separate || !check->is_local) continue;
        sql += item_count == 0 ? " (\n    " : ",\n    ";
        sql += "CONSTRAINT " + context.quote(check->name) + " " + check->definition;
        ++item_count;
    }
    if (item_count > 0) {
        sql += "\n)";
    } else if (!typed) {
        sql += " (\n)";
    }

    auto parents = context.model.parents.find(table.id.oid);
    if (parents != context.model.parents.end() && !table.is_partition) {
        sql += "\nINHERITS (";
        for (std::size_t i = 0; i < parents->second.size(); ++i) {
            if (i > 0) sql += ", ";
            const catalog::RelationRecord* parent = context.model.find_relation(parents->second[i]);
            if (parent) sql += context.qualify(*parent);
        }
        sql += ")";
    }
    if (table.relkind == 'p') sql += "\nPARTITION BY " + parts.partition_key;
    if (table.relkind == 'f') sql += "\nSERVER " + context.quote(table.foreign_server);

    if (!table.reloptions.empty() || !table.toast_reloptions.empty()) {
        std::string options = reloptions_sql(context, table.reloptions, "");
        std::string toast = reloptions_sql(context, table.toast_reloptions, "toast.");
        sql += "\nWITH (" + options + (options.empty() || toast.empty() ? "" : ", ") + toast + ")";
    }
    if (table.relkind == 'f' && !table.foreign_options.empty()) {
        sql += "\nOPTIONS (\n    " + table.foreign_options + "\n)";
    }
    sql += ";\n";

    sql += column_follow_ups(context, table);
    // pg_dump 15 writes no REPLICA IDENTITY for a foreign table, whose
    // relreplident is 'n' from its creation on.
    const bool has_replica_identity = table.relkind != 'f';
    if (has_replica_identity && table.replica_identity == 'n') {
        sql += "\nALTER TABLE ONLY " + name + " REPLICA IDENTITY NOTHING;\n";
    } else if (has_replica_identity && table.replica_identity == 'f') {
        sql += "\nALTER TABLE ONLY " + name + " REPLICA IDENTITY FULL;\n";
    }
    if (table.force_row_security) {
        sql += "\nALTER TABLE ONLY " + name + " FORCE ROW LEVEL SECURITY;\n";
    }
    return sql;
}

std::string copy_column_list(const PlanContext& context, const catalog::RelationRecord& table) {
    std::string list;
    for (const auto& column : context.model.table_columns(table.id.oid)) {
        if (column.is_dropped || column.generated != '\0') continue;
        list += list.empty() ? "(" : ", ";
        list += context.quote(column.name);
    }
    if (!list.empty()) list += ")";
    return list;
}

}  // namespace wiredump::ddl
