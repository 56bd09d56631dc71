#include "catalog/catalog_readers.hpp"
#include "catalog/result_columns.hpp"

namespace wiredump::catalog {

std::error_code read_security_labels(QueryRunner& runner, CatalogModel& model,
                                     protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    // pg_dump 15 sends this same statement. Labels of one sub-id from several providers tie in
    // its sort, so another statement could return them in another order than pg_dump gets.
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT label, provider, classoid, objoid, objsubid FROM pg_catalog.pg_seclabels "
        "ORDER BY classoid, objoid, objsubid",
        "security labels", {"label", "provider", "classoid", "objoid", "objsubid"}, result,
        columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        SecurityLabelRecord record;
        record.subid = columns.integer(row, 4);
        record.provider = columns.text(row, 1);
        record.label = columns.text(row, 0);
        model.security_labels[{columns.oid(row, 2), columns.oid(row, 3)}].push_back(
            std::move(record));
    }

    // Without ORDER BY, as pg_dump 15 reads them, so that several providers come in its order.
    error = query_catalog_columns(
        runner,
        "SELECT provider, label FROM pg_catalog.pg_shseclabel "
        "WHERE classoid = 'pg_catalog.pg_database'::pg_catalog.regclass "
        "AND objoid = (SELECT oid FROM pg_catalog.pg_database "
        "WHERE datname = pg_catalog.current_database())",
        "the database's security labels", {"provider", "label"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        SecurityLabelRecord record;
        record.provider = columns.text(row, 0);
        record.label = columns.text(row, 1);
        model.database_security_labels.push_back(std::move(record));
    }
    return {};
}

}  // namespace wiredump::catalog
