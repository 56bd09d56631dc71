#include "ddl/transform_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// oidvectortypes() formats each argument type as format_type(oid, NULL) does, which is how
// pg_dump names the arguments of a transform's functions.
constexpr const char* transforms_query =
    "SELECT t.tableoid, t.oid, pg_catalog.format_type(t.trftype, NULL) AS type_name, "
    "ty.typname, l.lanname, "
    "fn.nspname AS from_schema, f.proname AS from_name, "
    "pg_catalog.oidvectortypes(f.proargtypes) AS from_arguments, "
    "tn.nspname AS to_schema, tf.proname AS to_name, "
    "pg_catalog.oidvectortypes(tf.proargtypes) AS to_arguments "
    "FROM pg_catalog.pg_transform t "
    "JOIN pg_catalog.pg_type ty ON ty.oid = t.trftype "
    "JOIN pg_catalog.pg_language l ON l.oid = t.trflang "
    "LEFT JOIN pg_catalog.pg_proc f ON f.oid = t.trffromsql "
    "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace "
    "LEFT JOIN pg_catalog.pg_proc tf ON tf.oid = t.trftosql "
    "LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tf.pronamespace "
    "ORDER BY t.trftype, t.trflang";

// The quoted "schema.name(argument types)" of one of the transform's functions, or nothing
// when the column is NULL (no such function).
std::optional<std::string> function_reference(const PlanContext& context,
                                              const catalog::ResultColumns& columns,
                                              std::size_t row, std::size_t schema_column) {
    if (columns.is_null(row, schema_column + 1)) return std::nullopt;
    return context.quote(columns.text(row, schema_column)) + "." +
           context.quote(columns.text(row, schema_column + 1)) + "(" +
           columns.text(row, schema_column + 2) + ")";
}

void build_transform_entries(const PlanContext& context,
                             const TransformKind::TransformRecord& transform,
                             std::vector<PlannedEntry>& entries) {
    const std::string target = "FOR " + transform.type + " LANGUAGE " + transform.language;

    // A transform has no owner: the field stays NULL, which pg_restore lists as "-".
    PlannedEntry planned = start_object_entry(transform.id, "TRANSFORM " + target, "TRANSFORM",
                                              dumpfmt::Section::pre_data, std::nullopt,
                                              std::nullopt);
    planned.entry.definition = create_transform_sql(transform);
    planned.entry.drop_statement = "DROP TRANSFORM " + target + ";\n";
    entries.push_back(std::move(planned));

    // pg_dump gives the transform's comment an empty owner rather than NULL.
    add_object_comment(context, transform.id, {"TRANSFORM", target, std::nullopt, "", {}},
                       entries);
}

}  // namespace

std::string create_transform_sql(const TransformKind::TransformRecord& transform) {
    std::string sql =
        "CREATE TRANSFORM FOR " + transform.type + " LANGUAGE " + transform.language + " (";
    if (transform.from_sql) sql += "FROM SQL WITH FUNCTION " + *transform.from_sql;
    if (transform.to_sql) {
        if (transform.from_sql) sql += ", ";
        sql += "TO SQL WITH FUNCTION " + *transform.to_sql;
    }
    return sql + ");\n";
}

std::error_code TransformKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                    protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    if (auto error = catalog::query_catalog_columns(
            runner, transforms_query, "transforms (pg_transform)",
            {"tableoid", "oid", "type_name", "typname", "lanname", "from_schema", "from_name",
             "from_arguments", "to_schema", "to_name", "to_arguments"},
            result, columns, diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        TransformRecord transform;
        transform.id = {columns.oid(row, 0), columns.oid(row, 1)};
        transform.type = columns.text(row, 2);
        transform.language = context.quote(columns.text(row, 4));
        transform.sort_name = columns.text(row, 3) + " " + transform.language;
        transform.from_sql = function_reference(context, columns, row, 5);
        transform.to_sql = function_reference(context, columns, row, 8);
        transforms_.push_back(std::move(transform));
    }
    return {};
}

void TransformKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& transform : transforms_) {
        DumpObject object;
        object.type = ObjectType::transform;
        object.id = transform.id;
        object.name = transform.sort_name;
        object.build_entries = [&context, &transform](int, std::vector<PlannedEntry>& entries) {
            build_transform_entries(context, transform, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
