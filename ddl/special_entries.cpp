#include "ddl/special_entries.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_sql.hpp"
#include "ddl/security_label_entries.hpp"

#include <cctype>

namespace wiredump::ddl {

namespace {

dumpfmt::TocEntry setting_entry(int dump_id, const char* desc, std::string definition) {
    dumpfmt::TocEntry entry;
    entry.dump_id = dump_id;
    entry.tag = desc;
    entry.desc = desc;
    entry.section = dumpfmt::Section::pre_data;
    entry.definition = std::move(definition);
    return entry;
}

// Settings whose values the server stores as an already quoted list
// (variable_is_guc_list_quote in pg_dump's dumputils.c).
bool is_list_setting(std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name == "local_preload_libraries" || name == "search_path" ||
           name == "session_preload_libraries" || name == "shared_preload_libraries" ||
           name == "temp_tablespaces" || name == "unix_socket_directories";
}

// Splits a stored list value such as `"$user", public` into its elements,
// removing double quotes (a doubled quote stands for one).
std::vector<std::string> split_setting_list(const std::string& value) {
    std::vector<std::string> elements;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
        std::string element;
        if (i < value.size() && value[i] == '"') {
            for (++i; i < value.size(); ++i) {
                if (value[i] == '"' && i + 1 < value.size() && value[i + 1] == '"') {
                    element.push_back('"');
                    ++i;
                } else if (value[i] == '"') {
                    ++i;
                    break;
                } else {
                    element.push_back(value[i]);
                }
            }
        } else {
            while (i < value.size() && value[i] != ',') element.push_back(value[i++]);
            while (!element.empty() && std::isspace(static_cast<unsigned char>(element.back()))) {
                element.pop_back();
            }
        }
        elements.push_back(std::move(element));
        while (i < value.size() && value[i] != ',') ++i;
        ++i;  // the comma
    }
    return elements;
}

const char* locale_provider_name(const std::string& provider) {
    if (provider == "c") return "libc";
    if (provider == "i") return "icu";
    if (provider == "b") return "builtin";
    return nullptr;
}

}  // namespace

std::string create_database_sql(const PlanContext& context) {
    const catalog::DatabaseRecord& database = context.model.database;
    std::string sql = "CREATE DATABASE " + context.quote(database.name) + " WITH TEMPLATE = template0";
    if (!database.encoding.empty()) sql += " ENCODING = " + context.literal(database.encoding);
    if (const char* provider = locale_provider_name(database.locale_provider)) {
        sql += std::string(" LOCALE_PROVIDER = ") + provider;
    }
    if (!database.collate.empty() && database.collate == database.ctype) {
        sql += " LOCALE = " + context.literal(database.collate);
    } else {
        if (!database.collate.empty()) sql += " LC_COLLATE = " + context.literal(database.collate);
        if (!database.ctype.empty()) sql += " LC_CTYPE = " + context.literal(database.ctype);
    }
    // From PostgreSQL 17 on the same column contains the builtin provider's locale.
    if (database.icu_locale && !database.icu_locale->empty()) {
        sql += database.locale_provider == "b" ? " BUILTIN_LOCALE = " : " ICU_LOCALE = ";
        sql += context.literal(*database.icu_locale);
    }
    if (database.icu_rules) sql += " ICU_RULES = " + context.literal(*database.icu_rules);
    if (!database.tablespace.empty() && database.tablespace != "pg_default") {
        sql += " TABLESPACE = " + context.quote(database.tablespace);
    }
    return sql + ";\n";
}

std::string alter_setting_sql(const PlanContext& context, const std::string& target,
                              const std::string& setting) {
    std::size_t equals = setting.find('=');
    std::string name = setting.substr(0, equals);
    std::string value = equals == std::string::npos ? std::string() : setting.substr(equals + 1);

    std::string sql = "ALTER " + target + " SET " + context.quote(name) + " TO ";
    if (is_list_setting(name)) {
        std::vector<std::string> elements = split_setting_list(value);
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (i > 0) sql += ", ";
            sql += context.literal(elements[i]);
        }
    } else {
        sql += context.literal(value);
    }
    return sql + ";\n";
}

std::string database_properties_sql(const PlanContext& context) {
    const catalog::DatabaseRecord& database = context.model.database;
    const std::string name = context.quote(database.name);
    std::string sql;
    if (database.connection_limit != -1) {
        sql += "ALTER DATABASE " + name + " CONNECTION LIMIT = " +
               std::to_string(database.connection_limit) + ";\n";
    }
    if (database.is_template) sql += "ALTER DATABASE " + name + " IS_TEMPLATE = true;\n";
    for (const auto& setting : database.settings) {
        sql += alter_setting_sql(context, "DATABASE " + name, setting);
    }
    for (const auto& [role, setting] : database.role_settings) {
        sql += alter_setting_sql(context, "ROLE " + context.quote(role) + " IN DATABASE " + name,
                                 setting);
    }
    return sql;
}

std::string search_path_sql(const PlanContext& context, const std::vector<std::string>& schemas) {
    std::string path;
    for (const auto& schema : schemas) {
        if (!path.empty()) path += ", ";
        path += context.quote(schema);
    }
    return "SELECT pg_catalog.set_config('search_path', " + context.literal(path) + ", false);\n";
}

std::error_code add_special_entries(catalog::QueryRunner& runner, const PlanContext& context,
                                    int first_dump_id, std::vector<dumpfmt::TocEntry>& entries,
                                    protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, "SELECT pg_catalog.current_schemas(false) AS schemas", "the search path",
        {"schemas"}, result, columns, diagnostics);
    if (error) return error;
    std::vector<std::string> schemas;
    if (columns.row_count() > 0) schemas = catalog::parse_text_array(columns.text(0, 0));

    int dump_id = first_dump_id;
    entries.push_back(setting_entry(
        dump_id++, "ENCODING",
        "SET client_encoding = " + context.literal(context.options.client_encoding) + ";\n"));
    entries.push_back(setting_entry(
        dump_id++, "STDSTRINGS",
        std::string("SET standard_conforming_strings = '") +
            (context.options.standard_conforming_strings ? "on" : "off") + "';\n"));
    entries.push_back(setting_entry(dump_id++, "SEARCHPATH", search_path_sql(context, schemas)));

    const catalog::DatabaseRecord& database = context.model.database;
    const std::string owner = context.owner_name(database.owner_oid);
    dumpfmt::TocEntry create;
    create.dump_id = dump_id++;
    create.catalog_table_oid = database.id.catalog_table_oid;
    create.oid = database.id.oid;
    create.tag = database.name;
    create.desc = "DATABASE";
    create.section = dumpfmt::Section::pre_data;
    create.definition = create_database_sql(context);
    create.drop_statement = "DROP DATABASE " + context.quote(database.name) + ";\n";
    create.owner = owner;
    const int database_dump_id = create.dump_id;
    entries.push_back(std::move(create));

    // The COMMENT, SECURITY LABEL and ACL entries of the database, which depend on its entry.
    auto add_database_child = [&](std::string desc, std::string sql) {
        dumpfmt::TocEntry child;
        child.dump_id = dump_id++;
        child.tag = "DATABASE " + context.quote(database.name);
        child.desc = std::move(desc);
        child.section = dumpfmt::Section::none;
        child.definition = std::move(sql);
        child.owner = owner;
        child.dependencies = {database_dump_id};
        entries.push_back(std::move(child));
    };

    if (const std::string* text = context.model.comment(database.id)) {
        add_database_child("COMMENT", "COMMENT ON DATABASE " + context.quote(database.name) +
                                          " IS " + context.literal(*text) + ";\n");
    }

    std::string labels_sql = database_security_labels_sql(context);
    if (!labels_sql.empty()) add_database_child("SECURITY LABEL", std::move(labels_sql));

    std::string acl_sql;
    const AclTarget acl_target{"DATABASE", context.quote(database.name), std::nullopt, std::nullopt,
                               owner, ""};
    if (auto acl_error = build_acl_commands(acl_target, database.acl, database.acl_default,
                                            context.model.server_version_num,
                                            context.model.keywords, acl_sql)) {
        diagnostics.set_client_message("could not read the privileges of database " +
                                       context.quote(database.name) + ": " + acl_error.message());
        return acl_error;
    }
    if (!acl_sql.empty()) add_database_child("ACL", std::move(acl_sql));

    // Kept apart from CREATE DATABASE, which cannot run inside the transaction
    // block that pg_restore uses for an entry with several statements.
    std::string properties = database_properties_sql(context);
    if (!properties.empty()) {
        dumpfmt::TocEntry entry;
        entry.dump_id = dump_id++;
        entry.tag = database.name;
        entry.desc = "DATABASE PROPERTIES";
        entry.section = dumpfmt::Section::pre_data;
        entry.definition = std::move(properties);
        // A template database cannot be dropped until it is a template no longer.
        entry.drop_statement = database.is_template
                                   ? "UPDATE pg_catalog.pg_database SET datistemplate = false "
                                     "WHERE datname = " + context.literal(database.name) + ";\n"
                                   : std::string();
        // pg_dump 15 records no dependency on the DATABASE entry here.
        entry.owner = owner;
        entries.push_back(std::move(entry));
    }
    return {};
}

}  // namespace wiredump::ddl
