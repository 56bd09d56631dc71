#include "ddl/cast_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// The casts between a range type and its multirange (PostgreSQL 14+) are
// created with the multirange, so they are left out as pg_dump leaves them out.
std::string casts_query(int server_version_num) {
    const char* multirange_filter =
        server_version_num >= 140000
            ? "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_range r "
              "WHERE c.castsource = r.rngtypid AND c.casttarget = r.rngmultitypid) "
            : "";
    return std::string(
               "SELECT c.tableoid, c.oid, pg_catalog.format_type(c.castsource, NULL) AS source, "
               "pg_catalog.format_type(c.casttarget, NULL) AS target, "
               "st.typname || ' ' || tt.typname AS sort_name, c.castmethod, c.castcontext, "
               "p.proname, pn.nspname AS pronamespace, "
               "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.format_type(a.type_oid, NULL) "
               "FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY "
               "AS a(type_oid, position) ORDER BY a.position), ', ') AS proargs "
               "FROM pg_catalog.pg_cast c "
               "JOIN pg_catalog.pg_type st ON st.oid = c.castsource "
               "JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget "
               "LEFT JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc "
               "LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace "
               "WHERE c.oid >= 16384 ") +
           multirange_filter + "ORDER BY c.castsource, c.casttarget";
}

void build_cast_entries(const PlanContext& context, const CastKind::CastRecord& cast,
                        std::vector<PlannedEntry>& entries) {
    const std::string label = "CAST (" + cast.source + " AS " + cast.target + ")";

    // A cast has no owner: the field stays NULL, which pg_restore lists as "-".
    PlannedEntry planned = start_object_entry(cast.id, label, "CAST", dumpfmt::Section::pre_data,
                                              std::nullopt, std::nullopt);
    planned.entry.definition = create_cast_sql(cast);
    planned.entry.drop_statement = "DROP " + label + ";\n";
    entries.push_back(std::move(planned));

    // pg_dump gives the cast's comment an empty owner rather than NULL.
    add_object_comment(
        context, cast.id,
        {"CAST", "(" + cast.source + " AS " + cast.target + ")", std::nullopt, "", {}}, entries);
}

}  // namespace

std::string create_cast_sql(const CastKind::CastRecord& cast) {
    std::string sql = "CREATE CAST (" + cast.source + " AS " + cast.target + ") ";
    if (cast.method == 'b') {
        sql += "WITHOUT FUNCTION";
    } else if (cast.method == 'i') {
        sql += "WITH INOUT";
    } else if (cast.function) {
        sql += "WITH FUNCTION " + *cast.function;
    }
    if (cast.context == 'a') sql += " AS ASSIGNMENT";
    if (cast.context == 'i') sql += " AS IMPLICIT";
    return sql + ";\n";
}

std::error_code CastKind::read(catalog::QueryRunner& runner, PlanContext& context,
                               protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    const std::string sql = casts_query(context.options.server_version_num);
    if (auto error = catalog::run_catalog_query(runner, sql, "casts (pg_cast)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "source", "target", "sort_name",
                                   "castmethod", "castcontext", "proname", "pronamespace",
                                   "proargs"},
                                  "casts", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        CastRecord cast;
        cast.id = {columns.oid(row, 0), columns.oid(row, 1)};
        cast.source = columns.text(row, 2);
        cast.target = columns.text(row, 3);
        cast.sort_name = columns.text(row, 4);
        std::string method = columns.text(row, 5);
        cast.method = method.empty() ? 'f' : method.front();
        std::string cast_context = columns.text(row, 6);
        cast.context = cast_context.empty() ? 'e' : cast_context.front();
        if (!columns.is_null(row, 7)) {
            cast.function = context.quote(columns.text(row, 8)) + "." +
                            context.quote(columns.text(row, 7)) + "(" + columns.text(row, 9) + ")";
        }
        casts_.push_back(std::move(cast));
    }
    return {};
}

void CastKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& cast : casts_) {
        DumpObject object;
        object.type = ObjectType::cast;
        object.id = cast.id;
        object.name = cast.sort_name;
        object.build_entries = [&context, &cast](int, std::vector<PlannedEntry>& entries) {
            build_cast_entries(context, cast, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
