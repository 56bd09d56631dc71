#include "ddl/event_trigger_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

constexpr const char* event_triggers_query =
    "SELECT e.tableoid, e.oid, e.evtname, e.evtenabled, e.evtevent, e.evtowner, "
    "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_literal(x) "
    "FROM pg_catalog.unnest(e.evttags) AS t(x)), ', ') AS evttags, "
    "e.evtfoid::pg_catalog.regproc AS evtfname "
    "FROM pg_catalog.pg_event_trigger e ORDER BY e.oid";

const char* enable_keyword(char enabled) {
    switch (enabled) {
    case 'D': return "DISABLE";
    case 'A': return "ENABLE ALWAYS";
    case 'R': return "ENABLE REPLICA";
    default: return "ENABLE";
    }
}

void build_event_trigger_entries(const PlanContext& context,
                                 const EventTriggerKind::EventTriggerRecord& trigger,
                                 std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(trigger.owner_oid);
    const std::string name = context.quote(trigger.name);

    PlannedEntry planned = start_object_entry(trigger.id, trigger.name, "EVENT TRIGGER",
                                              dumpfmt::Section::post_data, std::nullopt, owner);
    planned.entry.definition = create_event_trigger_sql(context, trigger);
    planned.entry.drop_statement = "DROP EVENT TRIGGER " + name + ";\n";
    entries.push_back(std::move(planned));

    const CommentTarget target{"EVENT TRIGGER", name, std::nullopt, owner, {}};
    add_object_comment(context, trigger.id, target, entries);
    add_object_security_labels(context, trigger.id, target, entries);
}

}  // namespace

std::string create_event_trigger_sql(const PlanContext& context,
                                     const EventTriggerKind::EventTriggerRecord& trigger) {
    const std::string name = context.quote(trigger.name);
    std::string sql = "CREATE EVENT TRIGGER " + name + " ON " + context.quote(trigger.event);
    if (!trigger.tags.empty()) sql += "\n         WHEN TAG IN (" + trigger.tags + ")";
    sql += "\n   EXECUTE FUNCTION " + trigger.function + "();\n";
    if (trigger.enabled != 'O') {
        sql += "\nALTER EVENT TRIGGER " + name + " " + enable_keyword(trigger.enabled) + ";\n";
    }
    return sql;
}

std::error_code EventTriggerKind::read(catalog::QueryRunner& runner, PlanContext&,
                                       protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, event_triggers_query,
                                                "event triggers (pg_event_trigger)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "evtname", "evtenabled", "evtevent",
                                   "evtowner", "evttags", "evtfname"},
                                  "event triggers", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        EventTriggerRecord trigger;
        trigger.id = {columns.oid(row, 0), columns.oid(row, 1)};
        trigger.name = columns.text(row, 2);
        const std::string enabled = columns.text(row, 3);
        trigger.enabled = enabled.empty() ? 'O' : enabled.front();
        trigger.event = columns.text(row, 4);
        trigger.owner_oid = columns.oid(row, 5);
        trigger.tags = columns.text(row, 6);
        trigger.function = columns.text(row, 7);
        triggers_.push_back(std::move(trigger));
    }
    return {};
}

void EventTriggerKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& trigger : triggers_) {
        DumpObject object;
        object.type = ObjectType::event_trigger;
        object.id = trigger.id;
        object.name = trigger.name;
        object.boundary = BoundarySide::post_data;
        object.dumped = !is_extension_member(context.model, trigger.id);
        object.build_entries = [&context, &trigger](int, std::vector<PlannedEntry>& entries) {
            build_event_trigger_entries(context, trigger, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
