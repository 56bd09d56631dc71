#include "ddl/schema_kind.hpp"

#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

// pg_database_owner, the owner of "public" in a fresh PostgreSQL 15+ database.
constexpr std::uint32_t pg_database_owner_oid = 6171;

// The comment initdb puts on "public", which pg_dump leaves out.
constexpr const char* default_public_comment = "standard public schema";

void build_schema_entries(const PlanContext& context, const catalog::NamespaceRecord& schema,
                          std::vector<PlannedEntry>& entries) {
    // pg_dump 15 treats "public" as created by initdb only when no -n or -t
    // list is given. With -n public it writes CREATE SCHEMA as for any schema.
    const catalog::ObjectSelection& selection = context.model.selection;
    const bool is_public = schema.name == "public" && !selection.schema_list_given &&
                           !selection.table_list_given;
    const std::string owner = context.owner_name(schema.owner_oid);

    // initdb creates "public", so pg_dump only records its owner, and not even
    // that while it is the default pg_database_owner.
    if (!is_public || schema.owner_oid != pg_database_owner_oid) {
        PlannedEntry planned = start_object_entry(schema.id, schema.name, "SCHEMA",
                                                  dumpfmt::Section::pre_data, std::nullopt, owner);
        if (is_public) {
            planned.entry.definition = "-- *not* creating schema, since initdb creates it\n";
            planned.entry.drop_statement = "-- *not* dropping schema, since initdb creates it\n";
        } else {
            planned.entry.definition = "CREATE SCHEMA " + context.quote(schema.name) + ";\n";
            planned.entry.drop_statement = "DROP SCHEMA " + context.quote(schema.name) + ";\n";
        }
        entries.push_back(std::move(planned));
    }

    const CommentTarget target{"SCHEMA", context.quote(schema.name), std::nullopt, owner, {}};
    const std::string* text = context.model.comment(schema.id);
    // pg_dump compares the quoted name, so --quote-all-identifiers keeps the comment.
    const bool default_comment =
        is_public && context.quote(schema.name) == "public" && text != nullptr &&
        *text == default_public_comment;
    if (text != nullptr && !default_comment) add_comment_entry(context, target, *text, entries);
    add_object_security_labels(context, schema.id, target, entries);
}

void build_extension_entries(const PlanContext& context, const catalog::ExtensionRecord& extension,
                             std::vector<PlannedEntry>& entries) {
    const std::string name = context.quote(extension.name);
    PlannedEntry planned = start_object_entry(extension.id, extension.name, "EXTENSION",
                                              dumpfmt::Section::pre_data, std::nullopt,
                                              std::nullopt);
    planned.entry.definition = "CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA " +
                               context.quote(extension.schema_name) + ";\n";
    planned.entry.drop_statement = "DROP EXTENSION " + name + ";\n";
    entries.push_back(std::move(planned));

    // Extensions have no owner, and pg_dump gives their comments an empty owner.
    add_object_comment(context, extension.id, {"EXTENSION", name, std::nullopt, "", {}}, entries);
}

}  // namespace

std::error_code SchemaKind::read(catalog::QueryRunner&, PlanContext&, protocol::Diagnostics&) {
    return {};
}

void SchemaKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& schema : context.model.namespaces) {
        DumpObject object;
        object.type = ObjectType::namespace_object;
        object.id = schema.id;
        object.name = schema.name;
        object.dumped = schema.dumped;
        object.build_entries = [&context, &schema](int, std::vector<PlannedEntry>& entries) {
            build_schema_entries(context, schema, entries);
        };
        graph.add(std::move(object));
    }

    for (const auto& extension : context.model.extensions) {
        DumpObject object;
        object.type = ObjectType::extension;
        object.id = extension.id;
        object.name = extension.name;
        object.dumped = extension.dumped;
        object.build_entries = [&context, &extension](int, std::vector<PlannedEntry>& entries) {
            build_extension_entries(context, extension, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
