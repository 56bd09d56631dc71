#include "ddl/policy_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// The role list comes back in pg_roles order, as pg_dump reads it, so the TO
// clause lists the roles as pg_dump does.
std::string policies_query(const std::vector<std::uint32_t>& tables) {
    return "SELECT pol.tableoid, pol.oid, pol.polrelid, pol.polname, pol.polcmd, "
           "pol.polpermissive, "
           "CASE WHEN pol.polroles = '{0}' THEN NULL ELSE "
           "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(rolname) "
           "FROM pg_catalog.pg_roles WHERE oid = ANY (pol.polroles)), ', ') END AS polroles, "
           "pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS polqual, "
           "pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS polwithcheck "
           "FROM pg_catalog.pg_policy pol WHERE pol.polrelid = ANY (" +
           catalog::oid_array_literal(tables) + ") ORDER BY pol.oid";
}

const char* command_clause(char command) {
    switch (command) {
    case 'r': return " FOR SELECT";
    case 'a': return " FOR INSERT";
    case 'w': return " FOR UPDATE";
    case 'd': return " FOR DELETE";
    default: return "";
    }
}

PlannedEntry post_data_entry(const PlanContext& context, const catalog::RelationRecord& table,
                             catalog::CatalogId id, std::string tag, const char* desc) {
    return start_object_entry(id, std::move(tag), desc, dumpfmt::Section::post_data,
                              context.namespace_name(table.namespace_oid),
                              context.owner_name(table.owner_oid));
}

void build_row_security_entry(const PlanContext& context, const catalog::RelationRecord& table,
                              std::vector<PlannedEntry>& entries) {
    PlannedEntry planned = post_data_entry(context, table, {0, table.id.oid}, table.name,
                                           "ROW SECURITY");
    planned.entry.definition = enable_row_security_sql(context, table);
    entries.push_back(std::move(planned));
}

void build_policy_entries(const PlanContext& context, const catalog::RelationRecord& table,
                          const PolicyKind::PolicyRecord& policy,
                          std::vector<PlannedEntry>& entries) {
    const std::string name = context.quote(policy.name);
    PlannedEntry planned =
        post_data_entry(context, table, policy.id, table.name + " " + policy.name, "POLICY");
    planned.entry.definition = create_policy_sql(context, table, policy);
    planned.entry.drop_statement =
        "DROP POLICY " + name + " ON " + context.qualify(table) + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, policy.id,
                       {"POLICY " + name + " ON", context.quote(table.name),
                        context.namespace_name(table.namespace_oid),
                        context.owner_name(table.owner_oid), {}},
                       entries);
}

}  // namespace

std::string enable_row_security_sql(const PlanContext& context,
                                    const catalog::RelationRecord& table) {
    return "ALTER TABLE " + context.qualify(table) + " ENABLE ROW LEVEL SECURITY;";
}

std::string create_policy_sql(const PlanContext& context, const catalog::RelationRecord& table,
                              const PolicyKind::PolicyRecord& policy) {
    std::string sql = "CREATE POLICY " + context.quote(policy.name) + " ON " +
                      context.qualify(table);
    if (!policy.permissive) sql += " AS RESTRICTIVE";
    sql += command_clause(policy.command);
    if (policy.roles) sql += " TO " + *policy.roles;
    if (policy.using_expression) sql += " USING (" + *policy.using_expression + ")";
    if (policy.with_check_expression) sql += " WITH CHECK (" + *policy.with_check_expression + ")";
    return sql + ";\n";
}

std::error_code PolicyKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                 protocol::Diagnostics& diagnostics) {
    // pg_dump 15 reads policies of tables and partitioned tables only.
    const std::vector<std::uint32_t> tables = context.dumped_relations("rp");
    for (std::uint32_t oid : tables) {
        const catalog::RelationRecord* table = context.model.find_relation(oid);
        if (table != nullptr && table->row_security) secured_tables_.push_back(oid);
    }
    if (tables.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, policies_query(tables),
                                                "row-level security policies (pg_policy)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "polrelid", "polname", "polcmd",
                                   "polpermissive", "polroles", "polqual", "polwithcheck"},
                                  "policies", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        PolicyRecord policy;
        policy.id = {columns.oid(row, 0), columns.oid(row, 1)};
        policy.table_oid = columns.oid(row, 2);
        policy.name = columns.text(row, 3);
        const std::string command = columns.text(row, 4);
        policy.command = command.empty() ? '*' : command.front();
        policy.permissive = columns.boolean(row, 5);
        policy.roles = columns.optional_text(row, 6);
        policy.using_expression = columns.optional_text(row, 7);
        policy.with_check_expression = columns.optional_text(row, 8);
        policies_.push_back(std::move(policy));
    }
    return {};
}

void PolicyKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (std::uint32_t oid : secured_tables_) {
        const catalog::RelationRecord* table = context.model.find_relation(oid);
        DumpObject object;
        object.type = ObjectType::policy;
        object.id = {0, oid};
        object.namespace_name = context.namespace_name(table->namespace_oid);
        object.name = table->name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, table](int, std::vector<PlannedEntry>& entries) {
            build_row_security_entry(context, *table, entries);
        };
        int row_security_object = graph.add(std::move(object));
        int table_object = graph.find(table->id);
        if (table_object >= 0) graph.add_dependency(row_security_object, table_object);
    }

    for (const auto& policy : policies_) {
        const catalog::RelationRecord* table = context.model.find_relation(policy.table_oid);
        if (table == nullptr) continue;

        DumpObject object;
        object.type = ObjectType::policy;
        object.id = policy.id;
        object.namespace_name = context.namespace_name(table->namespace_oid);
        object.name = policy.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, table, &policy](int,
                                                          std::vector<PlannedEntry>& entries) {
            build_policy_entries(context, *table, policy, entries);
        };
        int policy_object = graph.add(std::move(object));
        int table_object = graph.find(table->id);
        if (table_object >= 0) graph.add_dependency(policy_object, table_object);
    }
}

}  // namespace wiredump::ddl
