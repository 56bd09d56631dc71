#include "ddl/type_kind.hpp"

#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/type_sql.hpp"
#include "ddl/security_label_entries.hpp"

#include <unordered_map>

namespace wiredump::ddl {

namespace {

std::string type_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    switch (type.kind) {
    case 'e': return create_enum_sql(context, type);
    case 'c': return create_composite_sql(context, type);
    case 'r': return create_range_sql(context, type);
    case 'b': return create_base_sql(context, type);
    default: return create_domain_sql(context, type);
    }
}

void build_type_entries(const PlanContext& context, const catalog::TypeRecord& type,
                        const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const bool domain = type.kind == 'd';
    const std::string keyword = domain ? "DOMAIN" : "TYPE";
    const std::string schema = context.namespace_name(type.namespace_oid);
    const std::string owner = context.owner_name(type.owner_oid);
    const std::string name = context.quote(type.name);

    PlannedEntry planned = start_object_entry(type.id, type.name, keyword,
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = type_sql(context, type);
    // As in pg_dump 15, CASCADE drops a base type together with its input and output
    // functions, which depend on it as it depends on them.
    planned.entry.drop_statement = "DROP " + keyword + " " +
                                   context.qualify(type.namespace_oid, type.name) +
                                   (type.kind == 'b' ? " CASCADE" : "") + ";\n";
    entries.push_back(std::move(planned));

    add_object_comment(context, type.id, {keyword, name, schema, owner, {}}, entries);
    add_object_security_labels(context, type.id, {keyword, name, schema, owner, {}}, entries);

    // GRANT ... ON TYPE covers domains too.
    add_acl_entry({"TYPE", name, {}, schema, owner, {}}, acl_sql, entries);

    // pg_dump writes the comments on a domain's constraints and on a
    // composite type's columns after the ACL.
    if (domain) {
        for (const auto& check : type.checks) {
            add_object_comment(context, check.id,
                               {"CONSTRAINT " + context.quote(check.name) + " ON DOMAIN", name,
                                schema, owner, {}},
                               entries);
        }
    }
    if (type.kind == 'c') {
        const catalog::RelationRecord* relation = context.model.find_relation(type.relation_oid);
        if (relation != nullptr) add_column_comment_entries(context, *relation, entries);
    }
}

// The SHELL TYPE entry that lets a base or range type's functions be created
// before the type. pg_dump 15 gives it no catalog id and no DROP statement,
// because the TYPE entry's DROP ... CASCADE removes it.
void build_shell_type_entry(const PlanContext& context, const catalog::TypeRecord& type,
                            std::vector<PlannedEntry>& entries) {
    PlannedEntry planned = start_object_entry({}, type.name, "SHELL TYPE",
                                              dumpfmt::Section::pre_data,
                                              context.namespace_name(type.namespace_oid),
                                              context.owner_name(type.owner_oid));
    planned.entry.definition =
        "CREATE TYPE " + context.qualify(type.namespace_oid, type.name) + ";\n";
    entries.push_back(std::move(planned));
}

// Adds the shell type of a base or range type, not dumped until loop repair
// finds that a dumped function needs it.
int add_shell_type(const PlanContext& context, const catalog::TypeRecord& type,
                   ObjectGraph& graph) {
    DumpObject shell;
    shell.type = ObjectType::shell_type;
    shell.namespace_name = context.namespace_name(type.namespace_oid);
    shell.name = type.name;
    shell.dumped = false;
    shell.build_entries = [&context, &type](int, std::vector<PlannedEntry>& entries) {
        build_shell_type_entry(context, type, entries);
    };
    return graph.add(std::move(shell));
}

void build_domain_check_entry(const PlanContext& context, const catalog::TypeRecord& domain,
                              const catalog::DomainCheckRecord& check,
                              std::vector<PlannedEntry>& entries) {
    const std::string qualified = context.qualify(domain.namespace_oid, domain.name);
    PlannedEntry planned = start_object_entry(check.id, domain.name + " " + check.name,
                                              "CHECK CONSTRAINT", dumpfmt::Section::post_data,
                                              context.namespace_name(domain.namespace_oid),
                                              context.owner_name(domain.owner_oid));
    planned.entry.definition = add_domain_check_sql(context, domain, check);
    planned.entry.drop_statement =
        "ALTER DOMAIN " + qualified + " DROP CONSTRAINT " + context.quote(check.name) + ";\n";
    entries.push_back(std::move(planned));
}

}  // namespace

std::error_code TypeKind::read(catalog::QueryRunner& runner, PlanContext& context,
                               protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> namespaces;
    for (const auto& schema : context.model.namespaces) {
        if (schema.dumped || schema.name == "pg_catalog") namespaces.push_back(schema.id.oid);
    }
    // With pg_catalog itself selected, pg_dump 15 writes each built-in type there.
    const bool pg_catalog_dumped = context.dumps_pg_catalog();
    std::vector<catalog::TypeRecord> all;
    if (auto error = catalog::read_types(runner, context.options.server_version_num, namespaces,
                                         pg_catalog_dumped, all, diagnostics)) {
        return error;
    }

    // Members of dumped extensions keep only their ACLs; members of other
    // extensions are left out.
    std::unordered_map<std::uint32_t, bool> members;
    for (const auto& member : context.model.extension_members) {
        if (member.member.catalog_table_oid != catalog::pg_type_oid) continue;
        bool extension_dumped = false;
        for (const auto& extension : context.model.extensions) {
            if (extension.id.oid == member.extension_oid) extension_dumped = extension.dumped;
        }
        members[member.member.oid] = extension_dumped;
    }

    for (auto& type : all) {
        auto member = members.find(type.id.oid);
        if (member != members.end() && !member->second) continue;
        const bool in_pg_catalog = context.namespace_name(type.namespace_oid) == "pg_catalog";
        const bool acl_only = member != members.end() || (in_pg_catalog && !pg_catalog_dumped);
        if (acl_only && type.is_dummy) continue;
        if (!acl_only && !type.dumpable) {
            types_.push_back(std::move(type));
            acl_sql_.emplace_back();
            acl_only_.push_back(false);
            continue;
        }

        AclTarget target{"TYPE", context.quote(type.name), {},
                         context.namespace_name(type.namespace_oid),
                         context.owner_name(type.owner_oid), {}};
        std::string sql;
        if (auto error = acl_statements(context, target,
                                        {type.acl, type.acl_default, type.initial_acl}, sql)) {
            diagnostics.set_client_message("could not build the GRANT statements of type " +
                                           type.name + ": " + error.message());
            return error;
        }
        if (acl_only && sql.empty()) continue;
        types_.push_back(std::move(type));
        acl_sql_.push_back(std::move(sql));
        acl_only_.push_back(acl_only);
    }
    return {};
}

void TypeKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (std::size_t i = 0; i < types_.size(); ++i) {
        catalog::TypeRecord& type = types_[i];
        DumpObject object;
        object.type = ObjectType::type;
        object.id = type.id;
        object.namespace_name = context.namespace_name(type.namespace_oid);
        object.name = type.name;
        if (acl_only_[i]) {
            AclTarget target{"TYPE", context.quote(type.name), {},
                             context.namespace_name(type.namespace_oid),
                             context.owner_name(type.owner_oid), {}};
            graph.add(acl_carrier(std::move(object), std::move(target), &acl_sql_[i]));
            continue;
        }
        if (!type.dumpable) {
            if (type.is_dummy) object.type = ObjectType::dummy_type;
            object.dumped = false;
            graph.add(std::move(object));
            continue;
        }
        const std::string* acl_sql = &acl_sql_[i];
        object.build_entries = [&context, &type, acl_sql](int, std::vector<PlannedEntry>& entries) {
            build_type_entries(context, type, *acl_sql, entries);
        };
        int type_object = graph.add(std::move(object));
        if (type.kind == 'b' || type.kind == 'r') {
            const int shell = add_shell_type(context, type, graph);
            graph.at(type_object).shell_type = shell;
        }

        // pg_depend records the column types of a composite type against its
        // relation, so the relation is added, not dumped, to pass them on.
        if (type.kind == 'c' && graph.find({catalog::pg_class_oid, type.relation_oid}) < 0) {
            DumpObject relation;
            relation.type = ObjectType::table;
            relation.id = {catalog::pg_class_oid, type.relation_oid};
            relation.namespace_name = context.namespace_name(type.namespace_oid);
            relation.name = type.name;
            relation.dumped = false;
            relation.boundary = BoundarySide::none;
            graph.add(std::move(relation));
        }

        for (auto& check : type.checks) add_domain_check(context, graph, type, type_object, check);
    }
}

void TypeKind::add_domain_check(const PlanContext& context, ObjectGraph& graph,
                                const catalog::TypeRecord& domain, int domain_object,
                                catalog::DomainCheckRecord& check) {
    DumpObject object;
    object.type = ObjectType::constraint;
    object.id = check.id;
    object.namespace_name = context.namespace_name(domain.namespace_oid);
    object.name = check.name;
    object.owning_table = domain_object;
    object.boundary = check.separate ? BoundarySide::post_data : BoundarySide::none;
    if (!check.separate) {
        object.make_separate = [&check](DumpObject& self) {
            check.separate = true;
            self.boundary = BoundarySide::post_data;
        };
    }
    object.build_entries = [&context, &domain, &check](int, std::vector<PlannedEntry>& entries) {
        if (check.separate) build_domain_check_entry(context, domain, check, entries);
    };
    int check_object = graph.add(std::move(object));

    // CREATE DOMAIN contains the constraint, so the domain waits for what
    // the constraint's expression uses.
    if (!check.separate) graph.add_dependency(domain_object, check_object);
}

}  // namespace wiredump::ddl
