#include "catalog/catalog_readers.hpp"
#include "catalog/result_columns.hpp"

namespace wiredump::catalog {

std::error_code read_extension_config_foreign_keys(QueryRunner& runner,
                                                   std::vector<ForeignKeyTables>& foreign_keys,
                                                   protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT c.conrelid, c.confrelid FROM pg_catalog.pg_constraint c "
        "JOIN pg_catalog.pg_depend d ON (d.objid = c.confrelid) "
        "WHERE c.contype = 'f' "
        "AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
        "AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
        "ORDER BY c.conrelid, c.confrelid",
        "foreign keys of extension tables", {"conrelid", "confrelid"}, result, columns,
        diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        foreign_keys.push_back({columns.oid(row, 0), columns.oid(row, 1)});
    }
    return {};
}

std::error_code read_hash_enum_partitioned_tables(QueryRunner& runner, OidSet& tables,
                                                  protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    // pg_catalog's hash operator class enum_ops appears in partclass exactly
    // when a hash partition key column is an enum.
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT p.partrelid FROM pg_catalog.pg_partitioned_table p "
        "WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_opclass o "
        "JOIN pg_catalog.pg_am a ON (a.oid = o.opcmethod) "
        "WHERE o.oid = ANY (p.partclass) AND a.amname = 'hash' AND o.opcname = 'enum_ops' "
        "AND o.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace) "
        "ORDER BY p.partrelid",
        "partitioned tables with a hash key on an enum", {"partrelid"}, result, columns,
        diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) tables.insert(columns.oid(row, 0));
    return {};
}

}  // namespace wiredump::catalog
