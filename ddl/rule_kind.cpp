#include "ddl/rule_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

std::string rules_query(const std::vector<std::uint32_t>& tables) {
    return "SELECT r.tableoid, r.oid, r.ev_class, r.rulename, "
           "pg_catalog.pg_get_ruledef(r.oid) AS ruledef, r.ev_enabled "
           "FROM pg_catalog.pg_rewrite r "
           "JOIN pg_catalog.pg_class c ON c.oid = r.ev_class "
           "WHERE r.ev_class = ANY (" + catalog::oid_array_literal(tables) + ") "
           "AND NOT (r.ev_type = '1' AND r.is_instead AND c.relkind IN ('v', 'm')) "
           "ORDER BY r.oid";
}

void build_rule_entries(const PlanContext& context, const catalog::RelationRecord& table,
                        const RuleKind::RuleRecord& rule, std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(table.namespace_oid);
    const std::string owner = context.owner_name(table.owner_oid);
    const std::string name = context.quote(rule.name);

    PlannedEntry planned = start_object_entry(rule.id, table.name + " " + rule.name, "RULE",
                                              dumpfmt::Section::post_data, schema, owner);
    planned.entry.definition = rule_sql(context, table, rule);
    planned.entry.drop_statement = "DROP RULE " + name + " ON " + context.qualify(table) + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, rule.id,
                       {"RULE " + name + " ON", context.quote(table.name), schema, owner, {}},
                       entries);
}

}  // namespace

std::string rule_sql(const PlanContext& context, const catalog::RelationRecord& table,
                     const RuleKind::RuleRecord& rule) {
    std::string sql = rule.definition + "\n";
    const char* action = nullptr;
    switch (rule.enabled) {
    case 'A': action = "ENABLE ALWAYS"; break;
    case 'R': action = "ENABLE REPLICA"; break;
    case 'D': action = "DISABLE"; break;
    default: break;
    }
    if (action != nullptr) {
        sql += "ALTER TABLE " + context.qualify(table) + " " + action + " RULE " +
               context.quote(rule.name) + ";\n";
    }
    return sql;
}

std::error_code RuleKind::read(catalog::QueryRunner& runner, PlanContext& context,
                               protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> tables;
    for (const auto& relation : context.model.relations) {
        if (relation.dumped && relation.has_rules) tables.push_back(relation.id.oid);
    }
    if (tables.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, rules_query(tables), "rules (pg_rewrite)",
                                                result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "ev_class", "rulename", "ruledef",
                                   "ev_enabled"},
                                  "rules", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        std::string enabled = columns.text(row, 5);
        rules_.push_back({{columns.oid(row, 0), columns.oid(row, 1)}, columns.oid(row, 2),
                          columns.text(row, 3), columns.text(row, 4),
                          enabled.empty() ? 'O' : enabled.front()});
    }
    return {};
}

void RuleKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& rule : rules_) {
        const catalog::RelationRecord* table = context.model.find_relation(rule.table_oid);
        if (table == nullptr) continue;

        DumpObject object;
        object.type = ObjectType::rule;
        object.id = rule.id;
        object.namespace_name = context.namespace_name(table->namespace_oid);
        object.name = rule.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, table, &rule](int, std::vector<PlannedEntry>& entries) {
            build_rule_entries(context, *table, rule, entries);
        };
        int rule_object = graph.add(std::move(object));
        int table_object = graph.find(table->id);
        if (table_object >= 0) graph.add_dependency(rule_object, table_object);
    }
}

}  // namespace wiredump::ddl
