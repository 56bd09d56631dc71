#include "ddl/function_kind.hpp"

#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/function_sql.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/routine_sort_keys.hpp"
#include "ddl/security_label_entries.hpp"

#include <unordered_map>

namespace wiredump::ddl {

namespace {

AclTarget acl_target(const PlanContext& context, const catalog::FunctionRecord& function) {
    return {function_keyword(function), function_signature(context, function), {},
            context.namespace_name(function.namespace_oid), context.owner_name(function.owner_oid),
            {}};
}

void build_function_entries(const PlanContext& context, const catalog::FunctionRecord& function,
                            const std::string& acl_sql, bool postponed,
                            std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(function.namespace_oid);
    const std::string owner = context.owner_name(function.owner_oid);
    const std::string keyword = function_keyword(function);
    const std::string signature = function_signature(context, function);

    const dumpfmt::Section section =
        postponed ? dumpfmt::Section::post_data : dumpfmt::Section::pre_data;
    PlannedEntry planned =
        start_object_entry(function.id, function_tag(function), keyword, section, schema, owner);
    planned.entry.definition = create_function_sql(context, function);
    // pg_restore builds ALTER ... OWNER TO from this statement, so its
    // signature must be the one with argument names.
    planned.entry.drop_statement =
        "DROP " + keyword + " " + context.quote(schema) + "." + signature + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, function.id, {keyword, signature, schema, owner, {}}, entries);
    add_object_security_labels(context, function.id, {keyword, signature, schema, owner, {}}, entries);
    add_acl_entry({keyword, signature, {}, schema, owner, {}}, acl_sql, entries);
}

}  // namespace

std::error_code FunctionKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                   protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> namespaces;
    for (const auto& schema : context.model.namespaces) {
        if (schema.dumped || schema.name == "pg_catalog") namespaces.push_back(schema.id.oid);
    }
    std::vector<catalog::FunctionRecord> all;
    if (auto error = catalog::read_functions(runner, context.options.server_version_num,
                                             namespaces, all, diagnostics)) {
        return error;
    }

    // Members of dumped extensions keep only their ACLs; members of other
    // extensions are left out.
    std::unordered_map<std::uint32_t, bool> members;
    for (const auto& member : context.model.extension_members) {
        if (member.member.catalog_table_oid != catalog::pg_proc_oid) continue;
        bool extension_dumped = false;
        for (const auto& extension : context.model.extensions) {
            if (extension.id.oid == member.extension_oid) extension_dumped = extension.dumped;
        }
        members[member.member.oid] = extension_dumped;
    }

    // A pattern such as -n '*' selects pg_catalog itself, and pg_dump then writes CREATE
    // FUNCTION for each built-in function it read.
    const bool pg_catalog_dumped = context.dumps_pg_catalog();

    for (auto& function : all) {
        auto member = members.find(function.id.oid);
        if (member != members.end() && !member->second) continue;
        const bool in_pg_catalog = context.namespace_name(function.namespace_oid) == "pg_catalog";
        const bool acl_only = member != members.end() || (in_pg_catalog && !pg_catalog_dumped);

        AclTarget target = acl_target(context, function);
        std::string sql;
        if (auto error = acl_statements(
                context, target, {function.acl, function.acl_default, function.initial_acl}, sql)) {
            diagnostics.set_client_message("could not build the GRANT statements of function " +
                                           target.name + ": " + error.message());
            return error;
        }
        if (acl_only && sql.empty()) continue;
        functions_.push_back(std::move(function));
        acl_sql_.push_back(std::move(sql));
        acl_only_.push_back(acl_only);
    }
    return {};
}

void FunctionKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    postponed_ = std::make_unique<bool[]>(functions_.size());
    for (std::size_t i = 0; i < functions_.size(); ++i) {
        const catalog::FunctionRecord& function = functions_[i];
        const std::string* acl_sql = &acl_sql_[i];
        DumpObject object;
        object.type = ObjectType::function;
        object.id = function.id;
        object.namespace_name = context.namespace_name(function.namespace_oid);
        object.name = function.name;
        set_routine_sort_keys(object, function.argument_type_schemas,
                              function.argument_type_names);

        if (acl_only_[i]) {
            graph.add(acl_carrier(std::move(object), acl_target(context, function), acl_sql));
            continue;
        }
        bool* postponed = &postponed_[i];
        object.postpone = [postponed](DumpObject&) { *postponed = true; };
        object.build_entries = [&context, &function, acl_sql, postponed](
                                   int, std::vector<PlannedEntry>& entries) {
            build_function_entries(context, function, *acl_sql, *postponed, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
