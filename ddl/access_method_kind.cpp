#include "ddl/access_method_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// Objects with lower OIDs were created by initdb, so pg_dump never dumps them.
constexpr std::uint32_t first_normal_object_id = 16384;

void build_access_method_entries(const PlanContext& context, const AccessMethodRecord& record,
                                 std::vector<PlannedEntry>& entries) {
    // pg_dump writes access methods without an owner, and their comments
    // with an empty one.
    PlannedEntry planned = start_object_entry(record.id, record.name, "ACCESS METHOD",
                                              dumpfmt::Section::pre_data, std::nullopt,
                                              std::nullopt);
    planned.entry.definition = create_access_method_sql(context, record);
    planned.entry.drop_statement = drop_access_method_sql(context, record);
    entries.push_back(std::move(planned));

    add_object_comment(context, record.id,
                       {"ACCESS METHOD", context.quote(record.name), {}, "", {}}, entries);
}

}  // namespace

std::string create_access_method_sql(const PlanContext& context, const AccessMethodRecord& record) {
    std::string sql = "CREATE ACCESS METHOD " + context.quote(record.name) + " ";
    if (record.type == 'i') sql += "TYPE INDEX ";
    if (record.type == 't') sql += "TYPE TABLE ";
    // The regproc text of the handler is already quoted where it must be.
    return sql + "HANDLER " + record.handler + ";\n";
}

std::string drop_access_method_sql(const PlanContext& context, const AccessMethodRecord& record) {
    return "DROP ACCESS METHOD " + context.quote(record.name) + ";\n";
}

std::error_code AccessMethodKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                       protocol::Diagnostics& diagnostics) {
    const std::string sql =
        "SELECT a.tableoid, a.oid, a.amname, a.amtype, a.amhandler::pg_catalog.regproc AS handler "
        "FROM pg_catalog.pg_am a WHERE a.oid >= " +
        std::to_string(first_normal_object_id) + " ORDER BY a.oid";
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, sql, "access methods", {"tableoid", "oid", "amname", "amtype", "handler"}, result,
        columns, diagnostics);
    if (error) return error;

    // Access methods that belong to an extension are created by its CREATE EXTENSION.
    const std::unordered_set<std::uint32_t> members = extension_member_oids(context.model);

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        AccessMethodRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        const std::string type = columns.text(row, 3);
        record.type = type.empty() ? 'i' : type.front();
        record.handler = columns.text(row, 4);
        record.dumped = members.count(record.id.oid) == 0;
        methods_.push_back(std::move(record));
    }
    return {};
}

void AccessMethodKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& record : methods_) {
        DumpObject object;
        object.type = ObjectType::access_method;
        object.id = record.id;
        object.name = record.name;
        object.dumped = record.dumped;
        object.build_entries = [&context, &record](int, std::vector<PlannedEntry>& entries) {
            build_access_method_entries(context, record, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
