#include "ddl/foreign_data_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <map>

namespace wiredump::ddl {

namespace {

// pg_dump sorts the options by name and has the server quote them.
std::string options_column(const char* column, const char* alias) {
    return std::string("pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(option_name)"
                       " || ' ' || pg_catalog.quote_literal(option_value) "
                       "FROM pg_catalog.pg_options_to_table(") +
           column + ") ORDER BY option_name), E',\\n    ') AS " + alias;
}

std::string options_clause(const std::string& options) {
    if (options.empty()) return "";
    return " OPTIONS (\n    " + options + "\n)";
}

PlannedEntry global_entry(catalog::CatalogId id, const std::string& name, const char* desc,
                          std::string owner, std::string definition, std::string drop) {
    PlannedEntry planned = start_object_entry(id, name, desc, dumpfmt::Section::pre_data,
                                              std::nullopt, std::move(owner));
    planned.entry.definition = std::move(definition);
    planned.entry.drop_statement = std::move(drop);
    return planned;
}

void build_wrapper_entries(const PlanContext& context,
                           const ForeignDataKind::WrapperRecord& wrapper,
                           const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(wrapper.owner_oid);
    const std::string name = context.quote(wrapper.name);
    entries.push_back(global_entry(wrapper.id, wrapper.name, "FOREIGN DATA WRAPPER", owner,
                                   create_foreign_data_wrapper_sql(context, wrapper),
                                   "DROP FOREIGN DATA WRAPPER " + name + ";\n"));

    add_object_comment(context, wrapper.id, {"FOREIGN DATA WRAPPER", name, std::nullopt, owner, {}},
                       entries);
    add_acl_entry({"FOREIGN DATA WRAPPER", name, {}, std::nullopt, owner, {}}, acl_sql, entries);
}

// The comment, the ACL and then the user mappings follow the server, in
// pg_dump 15's order. User mappings are child entries with catalog id 0/0.
void build_server_entries(const PlanContext& context, const ForeignDataKind::ServerRecord& server,
                          const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(server.owner_oid);
    const std::string name = context.quote(server.name);
    entries.push_back(global_entry(server.id, server.name, "SERVER", owner,
                                   create_server_sql(context, server),
                                   "DROP SERVER " + name + ";\n"));

    add_object_comment(context, server.id, {"SERVER", name, std::nullopt, owner, {}}, entries);
    add_acl_entry({"FOREIGN SERVER", name, {}, std::nullopt, owner, {}}, acl_sql, entries);

    for (const auto& mapping : server.user_mappings) {
        PlannedEntry planned =
            global_entry({}, "USER MAPPING " + mapping.user_name + " SERVER " + server.name,
                         "USER MAPPING", owner, create_user_mapping_sql(context, server.name, mapping),
                         "DROP USER MAPPING FOR " + context.quote(mapping.user_name) + " SERVER " +
                             name + ";\n");
        planned.is_main = false;
        // pg_dump 15 gives user mapping entries no dependencies.
        planned.dependency_objects = std::vector<int>{};
        entries.push_back(std::move(planned));
    }
}

}  // namespace

std::string create_foreign_data_wrapper_sql(const PlanContext& context,
                                            const ForeignDataKind::WrapperRecord& wrapper) {
    std::string sql = "CREATE FOREIGN DATA WRAPPER " + context.quote(wrapper.name);
    if (wrapper.handler != "-") sql += " HANDLER " + wrapper.handler;
    if (wrapper.validator != "-") sql += " VALIDATOR " + wrapper.validator;
    return sql + options_clause(wrapper.options) + ";\n";
}

std::string create_server_sql(const PlanContext& context,
                              const ForeignDataKind::ServerRecord& server) {
    std::string sql = "CREATE SERVER " + context.quote(server.name);
    if (server.type && !server.type->empty()) sql += " TYPE " + context.literal(*server.type);
    if (server.version && !server.version->empty()) {
        sql += " VERSION " + context.literal(*server.version);
    }
    sql += " FOREIGN DATA WRAPPER " + context.quote(server.wrapper_name);
    return sql + options_clause(server.options) + ";\n";
}

std::string create_user_mapping_sql(const PlanContext& context, const std::string& server_name,
                                    const ForeignDataKind::UserMappingRecord& mapping) {
    return "CREATE USER MAPPING FOR " + context.quote(mapping.user_name) + " SERVER " +
           context.quote(server_name) + options_clause(mapping.options) + ";\n";
}

std::string ForeignDataKind::initial_acl_column(const char* catalog,
                                                const char* oid_column) const {
    // pg_init_privs exists from PostgreSQL 9.6 on.
    if (server_version_num_ < 90600) return "NULL AS initprivs";
    return std::string("(SELECT pip.initprivs FROM pg_catalog.pg_init_privs pip "
                       "WHERE pip.objoid = ") +
           oid_column + " AND pip.classoid = 'pg_catalog." + catalog +
           "'::pg_catalog.regclass AND pip.objsubid = 0) AS initprivs";
}

std::error_code ForeignDataKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                      protocol::Diagnostics& diagnostics) {
    server_version_num_ = context.options.server_version_num;
    if (auto error = read_wrappers(runner, context, diagnostics)) return error;
    if (auto error = read_servers(runner, context, diagnostics)) return error;
    return read_user_mappings(runner, diagnostics);
}

std::error_code ForeignDataKind::read_wrappers(catalog::QueryRunner& runner,
                                               const PlanContext& context,
                                               protocol::Diagnostics& diagnostics) {
    const std::string sql =
        "SELECT tableoid, oid, fdwname, fdwowner, fdwhandler::pg_catalog.regproc AS fdwhandler, "
        "fdwvalidator::pg_catalog.regproc AS fdwvalidator, fdwacl, "
        "pg_catalog.acldefault('F', fdwowner) AS acldefault, " +
        initial_acl_column("pg_foreign_data_wrapper", "oid") + ", " +
        options_column("fdwoptions", "fdwoptions") +
        " FROM pg_catalog.pg_foreign_data_wrapper ORDER BY oid";
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(
            runner, sql, "foreign-data wrappers (pg_foreign_data_wrapper)", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "fdwname", "fdwowner", "fdwhandler",
                                   "fdwvalidator", "fdwacl", "acldefault", "initprivs",
                                   "fdwoptions"},
                                  "foreign-data wrappers", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        WrapperRecord wrapper;
        wrapper.id = {columns.oid(row, 0), columns.oid(row, 1)};
        wrapper.name = columns.text(row, 2);
        wrapper.owner_oid = columns.oid(row, 3);
        wrapper.handler = columns.text(row, 4);
        wrapper.validator = columns.text(row, 5);
        wrapper.acl = columns.optional_text(row, 6);
        wrapper.acl_default = columns.text(row, 7);
        wrapper.initial_acl = columns.optional_text(row, 8);
        wrapper.options = columns.text(row, 9);
        const ExtensionMembership membership = extension_membership(context.model, wrapper.id);
        if (membership == ExtensionMembership::other_extension) continue;
        wrapper.acl_only = membership == ExtensionMembership::dumped_extension;

        std::string acl_sql;
        AclTarget target{"FOREIGN DATA WRAPPER", context.quote(wrapper.name), {}, std::nullopt,
                         context.owner_name(wrapper.owner_oid), {}};
        if (auto error = acl_statements(context, target,
                                        {wrapper.acl, wrapper.acl_default, wrapper.initial_acl},
                                        acl_sql)) {
            diagnostics.set_client_message("could not build the privileges of foreign-data wrapper \"" +
                                           wrapper.name + "\" from its ACL " +
                                           wrapper.acl.value_or("NULL"));
            return error;
        }
        wrappers_.push_back(std::move(wrapper));
        wrapper_acl_sql_.push_back(std::move(acl_sql));
    }
    return {};
}

std::error_code ForeignDataKind::read_servers(catalog::QueryRunner& runner,
                                              const PlanContext& context,
                                              protocol::Diagnostics& diagnostics) {
    const std::string sql =
        "SELECT s.tableoid, s.oid, s.srvname, s.srvowner, s.srvfdw, w.fdwname, s.srvtype, "
        "s.srvversion, s.srvacl, pg_catalog.acldefault('S', s.srvowner) AS acldefault, " +
        initial_acl_column("pg_foreign_server", "s.oid") + ", " +
        options_column("s.srvoptions", "srvoptions") +
        " FROM pg_catalog.pg_foreign_server s "
        "JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw ORDER BY s.oid";
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, sql, "foreign servers (pg_foreign_server)",
                                                result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "srvname", "srvowner", "srvfdw", "fdwname",
                                   "srvtype", "srvversion", "srvacl", "acldefault", "initprivs",
                                   "srvoptions"},
                                  "foreign servers", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ServerRecord server;
        server.id = {columns.oid(row, 0), columns.oid(row, 1)};
        server.name = columns.text(row, 2);
        server.owner_oid = columns.oid(row, 3);
        server.wrapper_oid = columns.oid(row, 4);
        server.wrapper_name = columns.text(row, 5);
        server.type = columns.optional_text(row, 6);
        server.version = columns.optional_text(row, 7);
        server.acl = columns.optional_text(row, 8);
        server.acl_default = columns.text(row, 9);
        server.initial_acl = columns.optional_text(row, 10);
        server.options = columns.text(row, 11);
        const ExtensionMembership membership = extension_membership(context.model, server.id);
        if (membership == ExtensionMembership::other_extension) continue;
        server.acl_only = membership == ExtensionMembership::dumped_extension;

        std::string acl_sql;
        AclTarget target{"FOREIGN SERVER", context.quote(server.name), {}, std::nullopt,
                         context.owner_name(server.owner_oid), {}};
        if (auto error = acl_statements(context, target,
                                        {server.acl, server.acl_default, server.initial_acl},
                                        acl_sql)) {
            diagnostics.set_client_message("could not build the privileges of foreign server \"" +
                                           server.name + "\" from its ACL " +
                                           server.acl.value_or("NULL"));
            return error;
        }
        servers_.push_back(std::move(server));
        server_acl_sql_.push_back(std::move(acl_sql));
    }
    return {};
}

// One query for every server, where pg_dump runs one per server.
std::error_code ForeignDataKind::read_user_mappings(catalog::QueryRunner& runner,
                                                    protocol::Diagnostics& diagnostics) {
    if (servers_.empty()) return {};

    const std::string sql = "SELECT srvid, usename, " +
                            options_column("umoptions", "umoptions") +
                            " FROM pg_catalog.pg_user_mappings ORDER BY srvid, usename";
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, sql, "user mappings (pg_user_mappings)",
                                                result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result, {"srvid", "usename", "umoptions"}, "user mappings",
                                  diagnostics)) {
        return error;
    }
    std::map<std::uint32_t, ServerRecord*> by_oid;
    for (auto& server : servers_) by_oid[server.id.oid] = &server;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto server = by_oid.find(columns.oid(row, 0));
        if (server == by_oid.end()) continue;
        server->second->user_mappings.push_back({columns.text(row, 1), columns.text(row, 2)});
    }
    return {};
}

void ForeignDataKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (std::size_t i = 0; i < wrappers_.size(); ++i) {
        const WrapperRecord* wrapper = &wrappers_[i];
        const std::string* acl_sql = &wrapper_acl_sql_[i];
        DumpObject object;
        object.type = ObjectType::foreign_data_wrapper;
        object.id = wrapper->id;
        object.name = wrapper->name;
        if (wrapper->acl_only) {
            AclTarget target{"FOREIGN DATA WRAPPER", context.quote(wrapper->name), {},
                             std::nullopt, context.owner_name(wrapper->owner_oid), {}};
            graph.add(acl_carrier(std::move(object), std::move(target), acl_sql));
            continue;
        }
        object.build_entries = [&context, wrapper, acl_sql](int,
                                                            std::vector<PlannedEntry>& entries) {
            build_wrapper_entries(context, *wrapper, *acl_sql, entries);
        };
        graph.add(std::move(object));
    }

    for (std::size_t i = 0; i < servers_.size(); ++i) {
        const ServerRecord* server = &servers_[i];
        const std::string* acl_sql = &server_acl_sql_[i];
        DumpObject object;
        object.type = ObjectType::foreign_server;
        object.id = server->id;
        object.name = server->name;
        // A server of a dumped extension gets neither its definition nor its user mappings.
        if (server->acl_only) {
            AclTarget target{"FOREIGN SERVER", context.quote(server->name), {}, std::nullopt,
                             context.owner_name(server->owner_oid), {}};
            graph.add(acl_carrier(std::move(object), std::move(target), acl_sql));
            continue;
        }
        object.build_entries = [&context, server, acl_sql](int,
                                                           std::vector<PlannedEntry>& entries) {
            build_server_entries(context, *server, *acl_sql, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
