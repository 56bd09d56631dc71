#include "ddl/aggregate_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/routine_sort_keys.hpp"
#include "ddl/security_label_entries.hpp"

#include <unordered_map>

namespace wiredump::ddl {

namespace {

// The sort operator as pg_dump's getFormattedOperatorName writes it.
constexpr const char* sort_operator_column =
    "(SELECT 'OPERATOR(' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || ')' "
    "FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace "
    "WHERE o.oid = a.aggsortop) AS sort_operator";

// Argument types for the tag and the sort keys, in argument order.
constexpr const char* argument_columns =
    "ARRAY(SELECT pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.unnest(p.proargtypes) "
    "WITH ORDINALITY AS u(type_oid, position) JOIN pg_catalog.pg_type t ON t.oid = u.type_oid "
    "ORDER BY u.position) AS argument_types, "
    "ARRAY(SELECT tn.nspname FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS "
    "u(type_oid, position) JOIN pg_catalog.pg_type t ON t.oid = u.type_oid "
    "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace ORDER BY u.position) "
    "AS argument_type_schemas, "
    "ARRAY(SELECT t.typname FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS "
    "u(type_oid, position) JOIN pg_catalog.pg_type t ON t.oid = u.type_oid "
    "ORDER BY u.position) AS argument_type_names";

// NOTE: aggfinalmodify and aggmfinalmodify exist from PostgreSQL 11 on, so
// this query fails on older servers. Only PostgreSQL 15 has been tested.
std::string aggregates_query(const std::vector<std::uint32_t>& namespaces) {
    return std::string("SELECT p.tableoid, p.oid, p.proname, p.pronamespace, p.proowner, a.aggkind, "
           "pg_catalog.pg_get_function_arguments(p.oid) AS arguments, "
           "pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments, ") +
           argument_columns +
           ", a.aggtransfn, pg_catalog.format_type(a.aggtranstype, NULL) AS transition_type, "
           "a.aggtransspace, a.agginitval, a.aggfinalfn, a.aggfinalextra, a.aggfinalmodify, "
           "a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, "
           "CASE WHEN a.aggmtranstype = 0 THEN '' "
           "ELSE pg_catalog.format_type(a.aggmtranstype, NULL) END AS moving_transition_type, "
           "a.aggmtransspace, a.aggminitval, a.aggmfinalfn, a.aggmfinalextra, a.aggmfinalmodify, " +
           sort_operator_column +
           ", p.proparallel, p.proacl, pg_catalog.acldefault('f', p.proowner) AS acl_default, "
           "p.initprivs "
           "FROM pg_catalog.pg_aggregate a JOIN ("
           "SELECT p.tableoid, p.*, ip.initprivs FROM pg_catalog.pg_proc p "
           "LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = p.oid "
           "AND ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objsubid = 0 "
           "WHERE p.prokind = 'a' AND p.pronamespace = ANY (" +
           catalog::oid_array_literal(namespaces) + ") "
           // Built-in aggregates matter only for a changed ACL. OFFSET 0 keeps the
           // planner from calling pg_get_function_* on all 148 of them before this
           // filter: 60 ms of a dump's catalog phase on PostgreSQL 15.
           "AND (p.pronamespace <> 'pg_catalog'::pg_catalog.regnamespace "
           "OR p.proacl IS DISTINCT FROM ip.initprivs) "
           "OFFSET 0) p ON p.oid = a.aggfnoid "
           "ORDER BY p.oid";
}

char first_char(const std::string& text, char fallback) {
    return text.empty() ? fallback : text.front();
}

// Reads one row of aggregates_query(), in its column order.
AggregateRecord aggregate_from_row(const catalog::ResultColumns& columns, std::size_t row) {
    AggregateRecord aggregate;
    aggregate.id = {columns.oid(row, 0), columns.oid(row, 1)};
    aggregate.name = columns.text(row, 2);
    aggregate.namespace_oid = columns.oid(row, 3);
    aggregate.owner_oid = columns.oid(row, 4);

    aggregate.kind = first_char(columns.text(row, 5), 'n');
    aggregate.arguments = columns.text(row, 6);
    aggregate.identity_arguments = columns.text(row, 7);
    aggregate.argument_types = catalog::parse_text_array(columns.text(row, 8));
    aggregate.argument_type_schemas = catalog::parse_text_array(columns.text(row, 9));
    aggregate.argument_type_names = catalog::parse_text_array(columns.text(row, 10));

    aggregate.transition_function = columns.text(row, 11);
    aggregate.transition_type = columns.text(row, 12);
    aggregate.transition_space = columns.text(row, 13);
    aggregate.initial_value = columns.optional_text(row, 14);

    aggregate.final_function = columns.text(row, 15);
    aggregate.final_extra = columns.boolean(row, 16);
    aggregate.final_modify = first_char(columns.text(row, 17), 'r');
    aggregate.combine_function = columns.text(row, 18);
    aggregate.serial_function = columns.text(row, 19);
    aggregate.deserial_function = columns.text(row, 20);

    aggregate.moving_transition_function = columns.text(row, 21);
    aggregate.moving_inverse_function = columns.text(row, 22);
    aggregate.moving_transition_type = columns.text(row, 23);
    aggregate.moving_transition_space = columns.text(row, 24);
    aggregate.moving_initial_value = columns.optional_text(row, 25);
    aggregate.moving_final_function = columns.text(row, 26);
    aggregate.moving_final_extra = columns.boolean(row, 27);
    aggregate.moving_final_modify = first_char(columns.text(row, 28), 'r');

    aggregate.sort_operator = columns.optional_text(row, 29);
    aggregate.parallel = first_char(columns.text(row, 30), 'u');
    aggregate.acl = columns.optional_text(row, 31);
    aggregate.acl_default = columns.text(row, 32);
    aggregate.initial_acl = columns.optional_text(row, 33);
    return aggregate;
}

// Aggregates take their privileges from pg_proc, so GRANT names them as functions.
AclTarget acl_target(const PlanContext& context, const AggregateRecord& aggregate) {
    return {"FUNCTION", aggregate_signature(context, aggregate), {},
            context.namespace_name(aggregate.namespace_oid), context.owner_name(aggregate.owner_oid),
            {}};
}

void build_aggregate_entries(const PlanContext& context, const AggregateRecord& aggregate,
                             const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(aggregate.namespace_oid);
    const std::string owner = context.owner_name(aggregate.owner_oid);

    PlannedEntry planned = start_object_entry(aggregate.id, aggregate_tag(aggregate), "AGGREGATE",
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = create_aggregate_sql(context, aggregate);
    planned.entry.drop_statement = drop_aggregate_sql(context, aggregate);
    entries.push_back(std::move(planned));

    const CommentTarget target{"AGGREGATE", aggregate_signature(context, aggregate), schema, owner,
                               {}};
    add_object_comment(context, aggregate.id, target, entries);
    add_object_security_labels(context, aggregate.id, target, entries);
    add_acl_entry(acl_target(context, aggregate), acl_sql, entries);
}

}  // namespace

std::error_code AggregateKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                    protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> namespaces;
    for (const auto& schema : context.model.namespaces) {
        if (schema.dumped || schema.name == "pg_catalog") namespaces.push_back(schema.id.oid);
    }
    if (namespaces.empty()) return {};

    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, aggregates_query(namespaces), "aggregates",
        {"tableoid", "oid", "proname", "pronamespace", "proowner", "aggkind", "arguments",
         "identity_arguments", "argument_types", "argument_type_schemas", "argument_type_names",
         "aggtransfn", "transition_type", "aggtransspace", "agginitval", "aggfinalfn",
         "aggfinalextra", "aggfinalmodify", "aggcombinefn", "aggserialfn", "aggdeserialfn",
         "aggmtransfn", "aggminvtransfn", "moving_transition_type", "aggmtransspace", "aggminitval",
         "aggmfinalfn", "aggmfinalextra", "aggmfinalmodify", "sort_operator", "proparallel",
         "proacl", "acl_default", "initprivs"},
        result, columns, diagnostics);
    if (error) return error;

    // Aggregates that belong to an extension are created by its CREATE
    // EXTENSION, so members of a dumped extension keep only a changed ACL.
    std::unordered_map<std::uint32_t, bool> members;   // OID to "extension dumped"
    for (const auto& member : context.model.extension_members) {
        if (member.member.catalog_table_oid != catalog::pg_proc_oid) continue;
        bool extension_dumped = false;
        for (const auto& extension : context.model.extensions) {
            if (extension.id.oid == member.extension_oid) extension_dumped = extension.dumped;
        }
        members[member.member.oid] = extension_dumped;
    }

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        AggregateRecord aggregate = aggregate_from_row(columns, row);
        const auto member = members.find(aggregate.id.oid);
        const bool in_pg_catalog = context.namespace_name(aggregate.namespace_oid) == "pg_catalog";
        aggregate.dumped = member == members.end() && !in_pg_catalog;
        const bool acl_only = (member != members.end() && member->second) || in_pg_catalog;

        std::string sql;
        if (aggregate.dumped || acl_only) {
            if (auto acl_error = acl_statements(context, acl_target(context, aggregate),
                                                {aggregate.acl, aggregate.acl_default,
                                                 aggregate.initial_acl},
                                                sql)) {
                diagnostics.set_client_message("could not build the GRANT statements of aggregate " +
                                               aggregate_signature(context, aggregate) + ": " +
                                               acl_error.message());
                return acl_error;
            }
        }
        // pg_catalog has 148 aggregates on PostgreSQL 15, so keep only those
        // with a changed ACL.
        if (in_pg_catalog && sql.empty()) continue;
        aggregates_.push_back(std::move(aggregate));
        acl_sql_.push_back(std::move(sql));
        acl_only_.push_back(acl_only);
    }
    return {};
}

void AggregateKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (std::size_t i = 0; i < aggregates_.size(); ++i) {
        const AggregateRecord& aggregate = aggregates_[i];
        const std::string* acl_sql = &acl_sql_[i];
        DumpObject object;
        object.type = ObjectType::aggregate;
        object.id = aggregate.id;
        object.namespace_name = context.namespace_name(aggregate.namespace_oid);
        object.name = aggregate.name;
        object.dumped = aggregate.dumped;
        set_routine_sort_keys(object, aggregate.argument_type_schemas,
                              aggregate.argument_type_names);
        if (acl_only_[i]) {
            if (acl_sql->empty()) {
                graph.add(std::move(object));   // kept so that pg_depend edges pass through it
            } else {
                graph.add(acl_carrier(std::move(object), acl_target(context, aggregate), acl_sql));
            }
            continue;
        }
        object.build_entries = [&context, &aggregate, acl_sql](int,
                                                               std::vector<PlannedEntry>& entries) {
            build_aggregate_entries(context, aggregate, *acl_sql, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
