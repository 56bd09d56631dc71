#include "ddl/statistics_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// stxstattarget is NULL rather than -1 for the default from PostgreSQL 17 on.
std::string statistics_query(const std::vector<std::uint32_t>& namespaces) {
    return "SELECT s.tableoid, s.oid, s.stxname, s.stxnamespace, s.stxowner, s.stxrelid, "
           "pg_catalog.pg_get_statisticsobjdef(s.oid) AS stxdef, "
           "COALESCE(s.stxstattarget, -1) AS stxstattarget "
           "FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace = ANY (" +
           catalog::oid_array_literal(namespaces) + ") ORDER BY s.oid";
}

void build_statistics_entries(const PlanContext& context,
                              const StatisticsKind::StatisticsRecord& statistics,
                              std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(statistics.namespace_oid);
    const std::string owner = context.owner_name(statistics.owner_oid);

    PlannedEntry planned = start_object_entry(statistics.id, statistics.name, "STATISTICS",
                                              dumpfmt::Section::post_data, schema, owner);
    planned.entry.definition = create_statistics_sql(context, statistics);
    planned.entry.drop_statement =
        "DROP STATISTICS " + context.qualify(statistics.namespace_oid, statistics.name) + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, statistics.id,
                       {"STATISTICS", context.quote(statistics.name), schema, owner, {}}, entries);
}

}  // namespace

std::string create_statistics_sql(const PlanContext& context,
                                  const StatisticsKind::StatisticsRecord& statistics) {
    std::string sql = statistics.definition + ";\n";
    if (statistics.statistics_target >= 0) {
        sql += "ALTER STATISTICS " + context.qualify(statistics.namespace_oid, statistics.name) +
               " SET STATISTICS " + std::to_string(statistics.statistics_target) + ";\n";
    }
    return sql;
}

std::error_code StatisticsKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                     protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespaces = context.dumped_namespaces();
    if (namespaces.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, statistics_query(namespaces),
                                                "extended statistics (pg_statistic_ext)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "stxname", "stxnamespace", "stxowner",
                                   "stxrelid", "stxdef", "stxstattarget"},
                                  "extended statistics", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        StatisticsRecord statistics;
        statistics.id = {columns.oid(row, 0), columns.oid(row, 1)};
        statistics.name = columns.text(row, 2);
        statistics.namespace_oid = columns.oid(row, 3);
        statistics.owner_oid = columns.oid(row, 4);
        statistics.table_oid = columns.oid(row, 5);
        statistics.definition = columns.text(row, 6);
        statistics.statistics_target = columns.integer(row, 7);
        if (is_extension_member(context.model, statistics.id)) continue;
        statistics_.push_back(std::move(statistics));
    }
    return {};
}

void StatisticsKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& statistics : statistics_) {
        DumpObject object;
        object.type = ObjectType::extended_statistics;
        object.id = statistics.id;
        object.namespace_name = context.namespace_name(statistics.namespace_oid);
        object.name = statistics.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, &statistics](int, std::vector<PlannedEntry>& entries) {
            build_statistics_entries(context, statistics, entries);
        };
        int statistics_object = graph.add(std::move(object));
        int table_object = graph.find({catalog::pg_class_oid, statistics.table_oid});
        if (table_object >= 0) graph.add_dependency(statistics_object, table_object);
    }
}

}  // namespace wiredump::ddl
