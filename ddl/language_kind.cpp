#include "ddl/language_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// Languages with lower OIDs were created by initdb, so pg_dump writes at most
// their changed ACLs.
constexpr std::uint32_t first_normal_object_id = 16384;

// The columns of one support function: its OID, namespace and name.
std::string function_columns(const std::string& oid_column, const std::string& prefix) {
    return oid_column + " AS " + prefix + "_oid, "
           "(SELECT f.pronamespace FROM pg_catalog.pg_proc f WHERE f.oid = " + oid_column +
           ") AS " + prefix + "_namespace, "
           "(SELECT f.proname FROM pg_catalog.pg_proc f WHERE f.oid = " + oid_column + ") AS " +
           prefix + "_name";
}

std::string languages_query() {
    return "SELECT l.tableoid, l.oid, l.lanname, l.lanowner, l.lanpltrusted, l.lanacl, "
           "pg_catalog.acldefault('l', l.lanowner) AS acl_default, "
           "(SELECT ip.initprivs FROM pg_catalog.pg_init_privs ip WHERE ip.objoid = l.oid "
           "AND ip.classoid = 'pg_catalog.pg_language'::pg_catalog.regclass "
           "AND ip.objsubid = 0) AS initprivs, " +
           function_columns("l.lanplcallfoid", "handler") + ", " +
           function_columns("l.laninline", "inline") + ", " +
           function_columns("l.lanvalidator", "validator") +
           " FROM pg_catalog.pg_language l WHERE l.lanispl ORDER BY l.oid";
}

AclTarget acl_target(const PlanContext& context, const LanguageRecord& record) {
    return {"LANGUAGE", context.quote(record.name), {}, {}, context.owner_name(record.owner_oid), {}};
}

// Languages and functions that belong to an extension are created by its
// CREATE EXTENSION. pg_dump still writes the changed ACL of a language that
// belongs to a dumped extension or to one created by initdb, such as plpgsql.
struct ExtensionMembers {
    std::unordered_set<std::uint32_t> all;
    std::unordered_set<std::uint32_t> acl_only;
};

ExtensionMembers extension_members(const PlanContext& context) {
    ExtensionMembers members;
    for (const auto& member : context.model.extension_members) {
        members.all.insert(member.member.oid);
        for (const auto& extension : context.model.extensions) {
            if (extension.id.oid != member.extension_oid) continue;
            if (extension.dumped || extension.id.oid < first_normal_object_id) {
                members.acl_only.insert(member.member.oid);
            }
        }
    }
    return members;
}

void build_language_entries(const PlanContext& context, const LanguageRecord& record,
                            const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(record.owner_oid);

    PlannedEntry planned = start_object_entry(record.id, record.name, "PROCEDURAL LANGUAGE",
                                              dumpfmt::Section::pre_data, std::nullopt, owner);
    planned.entry.definition = create_language_sql(context, record);
    planned.entry.drop_statement = drop_language_sql(context, record);
    entries.push_back(std::move(planned));

    const CommentTarget target{"LANGUAGE", context.quote(record.name), {}, owner, {}};
    add_object_comment(context, record.id, target, entries);
    add_object_security_labels(context, record.id, target, entries);
    add_acl_entry(acl_target(context, record), acl_sql, entries);
}

}  // namespace

std::string create_language_sql(const PlanContext& context, const LanguageRecord& record) {
    const bool with_functions = record.handler.dumped &&
                                (!record.inline_handler || record.inline_handler->dumped) &&
                                (!record.validator || record.validator->dumped);
    if (!with_functions) {
        return "CREATE OR REPLACE PROCEDURAL LANGUAGE " + context.quote(record.name) + ";\n";
    }

    std::string sql = std::string("CREATE ") + (record.trusted ? "TRUSTED " : "") +
                      "PROCEDURAL LANGUAGE " + context.quote(record.name) + " HANDLER " +
                      record.handler.qualified_name;
    if (record.inline_handler) sql += " INLINE " + record.inline_handler->qualified_name;
    if (record.validator) sql += " VALIDATOR " + record.validator->qualified_name;
    return sql + ";\n";
}

std::string drop_language_sql(const PlanContext& context, const LanguageRecord& record) {
    return "DROP PROCEDURAL LANGUAGE " + context.quote(record.name) + ";\n";
}

std::error_code LanguageKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                   protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, languages_query(), "procedural languages",
        {"tableoid", "oid", "lanname", "lanowner", "lanpltrusted", "lanacl", "acl_default",
         "initprivs", "handler_oid", "handler_namespace", "handler_name", "inline_oid",
         "inline_namespace", "inline_name", "validator_oid", "validator_namespace",
         "validator_name"},
        result, columns, diagnostics);
    if (error) return error;

    const ExtensionMembers extension = extension_members(context);
    const auto& members = extension.all;
    const auto& acl_only_members = extension.acl_only;
    std::unordered_set<std::uint32_t> dumped_namespaces;
    for (const auto& schema : context.model.namespaces) {
        if (schema.dumped) dumped_namespaces.insert(schema.id.oid);
    }

    // Reads the function whose OID, namespace and name start at `column`.
    auto function_at = [&](std::size_t row, std::size_t column) {
        LanguageFunction function;
        function.oid = columns.oid(row, column);
        const std::uint32_t namespace_oid = columns.oid(row, column + 1);
        function.qualified_name = context.qualify(namespace_oid, columns.text(row, column + 2));
        function.dumped = function.oid != 0 && dumped_namespaces.count(namespace_oid) != 0 &&
                          members.count(function.oid) == 0;
        return function;
    };

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        LanguageRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.owner_oid = columns.oid(row, 3);
        record.trusted = columns.boolean(row, 4);
        record.acl = columns.optional_text(row, 5);
        record.acl_default = columns.text(row, 6);
        record.initial_acl = columns.optional_text(row, 7);
        record.handler = function_at(row, 8);
        if (columns.oid(row, 11) != 0) record.inline_handler = function_at(row, 11);
        if (columns.oid(row, 14) != 0) record.validator = function_at(row, 14);
        const bool built_in = record.id.oid < first_normal_object_id;
        record.dumped = members.count(record.id.oid) == 0 && !built_in;
        const bool acl_only = acl_only_members.count(record.id.oid) != 0 ||
                              (built_in && members.count(record.id.oid) == 0);

        std::string sql;
        if (record.dumped || acl_only) {
            if (auto acl_error = acl_statements(context, acl_target(context, record),
                                                {record.acl, record.acl_default, record.initial_acl},
                                                sql)) {
                diagnostics.set_client_message("could not build the GRANT statements of language " +
                                               record.name + ": " + acl_error.message());
                return acl_error;
            }
        }
        languages_.push_back(std::move(record));
        acl_sql_.push_back(std::move(sql));
        acl_only_.push_back(acl_only);
    }
    return {};
}

void LanguageKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (std::size_t i = 0; i < languages_.size(); ++i) {
        const LanguageRecord& record = languages_[i];
        const std::string* acl_sql = &acl_sql_[i];
        DumpObject object;
        object.type = ObjectType::procedural_language;
        object.id = record.id;
        object.name = record.name;
        object.dumped = record.dumped;
        if (acl_only_[i] && !acl_sql->empty()) {
            graph.add(acl_carrier(std::move(object), acl_target(context, record), acl_sql));
            continue;
        }
        object.build_entries = [&context, &record, acl_sql](int,
                                                            std::vector<PlannedEntry>& entries) {
            build_language_entries(context, record, *acl_sql, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
