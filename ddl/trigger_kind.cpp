#include "ddl/trigger_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

std::string triggers_query(int server_version_num, const std::vector<std::uint32_t>& tables) {
    // A partition's copy of a partitioned table's trigger is created by
    // ATTACH PARTITION, so it is read only when its enabled state differs.
    // Before PostgreSQL 13 such copies are internal triggers, and only
    // pg_depend links them to the parent's trigger.
    const std::string select = "SELECT t.tableoid, t.oid, t.tgrelid, t.tgname, "
                               "pg_catalog.pg_get_triggerdef(t.oid, false) AS tgdef, "
                               "t.tgenabled, ";
    const std::string tables_filter =
        "WHERE t.tgrelid = ANY (" + catalog::oid_array_literal(tables) + ") ";
    if (server_version_num >= 130000) {
        return select + "t.tgparentid <> 0 AS tgispartition "
                        "FROM pg_catalog.pg_trigger t "
                        "LEFT JOIN pg_catalog.pg_trigger u ON (u.oid = t.tgparentid) " +
               tables_filter +
               "AND ((NOT t.tgisinternal AND t.tgparentid = 0) OR t.tgenabled <> u.tgenabled) "
               "ORDER BY t.tgrelid, t.tgname";
    }
    return select + "t.tgisinternal AS tgispartition "
                    "FROM pg_catalog.pg_trigger t "
                    "LEFT JOIN pg_catalog.pg_depend d ON (d.classid = "
                    "'pg_catalog.pg_trigger'::pg_catalog.regclass AND d.refclassid = "
                    "'pg_catalog.pg_trigger'::pg_catalog.regclass AND d.objid = t.oid) "
                    "LEFT JOIN pg_catalog.pg_trigger u ON (u.oid = d.refobjid) " +
           tables_filter +
           "AND (NOT t.tgisinternal OR t.tgenabled <> u.tgenabled) "
           "ORDER BY t.tgrelid, t.tgname";
}

const char* enable_keyword(char enabled) {
    switch (enabled) {
    case 'D':
    case 'f': return "DISABLE";
    case 'A': return "ENABLE ALWAYS";
    case 'R': return "ENABLE REPLICA";
    default: return "ENABLE";
    }
}

void build_trigger_entries(const PlanContext& context, const catalog::RelationRecord& table,
                           const TriggerKind::TriggerRecord& trigger,
                           std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(table.namespace_oid);
    const std::string owner = context.owner_name(table.owner_oid);
    const std::string name = context.quote(trigger.name);

    PlannedEntry planned = start_object_entry(trigger.id, table.name + " " + trigger.name,
                                              "TRIGGER", dumpfmt::Section::post_data, schema,
                                              owner);
    planned.entry.definition = trigger_sql(context, table, trigger);
    planned.entry.drop_statement =
        "DROP TRIGGER " + name + " ON " + context.qualify(table) + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, trigger.id,
                       {"TRIGGER " + name + " ON", context.quote(table.name), schema, owner, {}},
                       entries);
}

}  // namespace

std::string trigger_sql(const PlanContext& context, const catalog::RelationRecord& table,
                        const TriggerKind::TriggerRecord& trigger) {
    std::string sql = trigger.is_partition_copy ? "" : trigger.definition + ";\n";
    if (trigger.is_partition_copy || (trigger.enabled != 'O' && trigger.enabled != 't')) {
        sql += table.relkind == 'f' ? "\nALTER FOREIGN TABLE " : "\nALTER TABLE ";
        sql += context.qualify(table) + " " + enable_keyword(trigger.enabled) + " TRIGGER " +
               context.quote(trigger.name) + ";\n";
    }
    return sql;
}

std::error_code TriggerKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                  protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> tables;
    for (const auto& relation : context.model.relations) {
        if (relation.dumped && relation.has_triggers &&
            std::string_view("rpvf").find(relation.relkind) != std::string_view::npos) {
            tables.push_back(relation.id.oid);
        }
    }
    if (tables.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner,
                                                triggers_query(context.options.server_version_num,
                                                               tables),
                                                "triggers (pg_trigger)", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "tgrelid", "tgname", "tgdef", "tgenabled",
                                   "tgispartition"},
                                  "triggers", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        std::string enabled = columns.text(row, 5);
        triggers_.push_back({{columns.oid(row, 0), columns.oid(row, 1)}, columns.oid(row, 2),
                             columns.text(row, 3), columns.text(row, 4),
                             enabled.empty() ? 'O' : enabled.front(),
                             columns.boolean(row, 6)});
    }
    return {};
}

void TriggerKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& trigger : triggers_) {
        const catalog::RelationRecord* table = context.model.find_relation(trigger.table_oid);
        if (table == nullptr) continue;

        DumpObject object;
        object.type = ObjectType::trigger;
        object.id = trigger.id;
        object.namespace_name = context.namespace_name(table->namespace_oid);
        object.name = trigger.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, table, &trigger](int,
                                                           std::vector<PlannedEntry>& entries) {
            build_trigger_entries(context, *table, trigger, entries);
        };
        int trigger_object = graph.add(std::move(object));
        int table_object = graph.find(table->id);
        if (table_object >= 0) graph.add_dependency(trigger_object, table_object);
    }
}

}  // namespace wiredump::ddl
