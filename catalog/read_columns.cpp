#include "catalog/catalog_readers.hpp"
#include "catalog/result_columns.hpp"

namespace wiredump::catalog {

namespace {

char first_char(const std::string& text) { return text.empty() ? '\0' : text.front(); }

// Some server builds keep a "pg_attver=N" entry in every column's attoptions
// (Debian's PostgreSQL 15.20-0+deb12u1 does). The pg_dump of those builds
// leaves it out of ALTER COLUMN ... SET (...), and so does this query.
std::string columns_sql(int server_version_num, const std::string& oid_array) {
    // attstattarget is NULL for "default" from PostgreSQL 17 on, -1 before.
    std::string statistics = server_version_num >= 170000
                                 ? "COALESCE(a.attstattarget, -1) AS attstattarget"
                                 : "a.attstattarget";
    std::string compression = server_version_num >= 140000
                                  ? "a.attcompression"
                                  : "''::\"char\" AS attcompression";
    // From PostgreSQL 18 on a not-null constraint is a row in pg_constraint, with a name.
    const bool not_null_constraints = server_version_num >= 180000;
    std::string not_null = not_null_constraints
                               ? "co.conname AS notnull_name, co.connoinherit AS notnull_noinherit, "
                                 "co.conislocal AS notnull_islocal, co.convalidated AS notnull_validated, "
                                 "co.oid AS notnull_oid"
                               : "NULL::pg_catalog.name AS notnull_name, false AS notnull_noinherit, "
                                 "false AS notnull_islocal, true AS notnull_validated, "
                                 "0::pg_catalog.oid AS notnull_oid";
    std::string not_null_join = not_null_constraints
                                    ? "LEFT JOIN pg_catalog.pg_constraint co ON (a.attrelid = co.conrelid "
                                      "AND co.contype = 'n' AND co.conkey = ARRAY[a.attnum]) "
                                    : "";
    return "SELECT a.attrelid, a.attnum, a.attname, " + statistics +
           ", a.attstorage, t.typstorage, a.attnotnull, a.atthasdef, a.attisdropped, "
           "a.attislocal, pg_catalog.format_type(t.oid, a.atttypmod) AS atttypname, "
           "pg_catalog.array_to_string(ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o "
           "WHERE pg_catalog.substr(o, 1, 10) <> 'pg_attver='), ', ') AS attoptions, "
           "CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation ELSE 0 END "
           "AS attcollation, " +
           compression +
           ", a.attidentity, a.attgenerated, "
           "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name) || ' ' "
           "|| pg_catalog.quote_literal(option_value) "
           "FROM pg_catalog.pg_options_to_table(a.attfdwoptions) ORDER BY option_name), "
           "E',\\n    ') AS attfdwoptions, " +
           not_null +
           " FROM pg_catalog.unnest(" +
           oid_array +
           ") AS src(tbloid) "
           "JOIN pg_catalog.pg_attribute a ON (src.tbloid = a.attrelid) "
           "LEFT JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid) " +
           not_null_join +
           "WHERE a.attnum > 0::pg_catalog.int2 ORDER BY a.attrelid, a.attnum";
}

std::error_code read_attributes(QueryRunner& runner, const std::vector<std::uint32_t>& table_oids,
                                CatalogModel& model, protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner, columns_sql(model.server_version_num, oid_array_literal(table_oids)),
        "columns of tables",
        {"attrelid", "attnum", "attname", "attstattarget", "attstorage", "typstorage", "attnotnull",
         "atthasdef", "attisdropped", "attislocal", "atttypname", "attoptions", "attcollation",
         "attcompression", "attidentity", "attgenerated", "attfdwoptions", "notnull_name",
         "notnull_noinherit", "notnull_islocal", "notnull_validated", "notnull_oid"},
        result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ColumnRecord column;
        column.number = columns.integer(row, 1);
        column.name = columns.text(row, 2);
        column.statistics_target = columns.integer(row, 3);
        column.storage = first_char(columns.text(row, 4));
        column.type_storage = first_char(columns.text(row, 5));
        column.not_null = columns.boolean(row, 6);
        column.has_default = columns.boolean(row, 7);
        column.is_dropped = columns.boolean(row, 8);
        column.is_local = columns.boolean(row, 9);
        column.type_name = columns.text(row, 10);
        column.options = columns.text(row, 11);
        column.collation_oid = columns.oid(row, 12);
        column.compression = first_char(columns.text(row, 13));
        column.identity = first_char(columns.text(row, 14));
        column.generated = first_char(columns.text(row, 15));
        column.fdw_options = columns.text(row, 16);
        column.not_null_name = columns.text(row, 17);
        column.not_null_no_inherit = columns.boolean(row, 18);
        column.not_null_is_local = columns.boolean(row, 19);
        column.not_null_validated = columns.is_null(row, 20) || columns.boolean(row, 20);
        column.not_null_oid = columns.is_null(row, 21) ? 0 : columns.oid(row, 21);
        model.columns[columns.oid(row, 0)].push_back(std::move(column));
    }
    return {};
}

std::error_code read_inheritance(QueryRunner& runner, CatalogModel& model,
                                 protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT inhrelid, inhparent FROM pg_catalog.pg_inherits ORDER BY inhrelid, inhseqno",
        "table inheritance", {"inhrelid", "inhparent"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.parents[columns.oid(row, 0)].push_back(columns.oid(row, 1));
    }
    return {};
}

std::error_code read_collation_names(QueryRunner& runner, CatalogModel& model,
                                     protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT c.oid, n.nspname, c.collname FROM pg_catalog.pg_collation c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace",
        "collations", {"oid", "nspname", "collname"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.collation_names[columns.oid(row, 0)] =
            qualified_name(columns.text(row, 1), columns.text(row, 2), model.keywords);
    }
    return {};
}

}  // namespace

std::error_code read_columns(QueryRunner& runner, const std::vector<std::uint32_t>& table_oids,
                             CatalogModel& model, protocol::Diagnostics& diagnostics) {
    if (std::error_code error = read_attributes(runner, table_oids, model, diagnostics)) {
        return error;
    }
    if (std::error_code error = read_inheritance(runner, model, diagnostics)) return error;
    return read_collation_names(runner, model, diagnostics);
}

}  // namespace wiredump::catalog
