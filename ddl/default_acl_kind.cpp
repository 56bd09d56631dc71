#include "ddl/default_acl_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_sql.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// Entries for all schemas replace the built-in default of their kind, so they
// are written relative to it. Entries for one schema can only add
// privileges, so they are written relative to an empty ACL.
constexpr const char* default_acls_query =
    "SELECT tableoid, oid, defaclrole, defaclnamespace, defaclobjtype, defaclacl, "
    "CASE WHEN defaclnamespace = 0 THEN pg_catalog.acldefault(CASE WHEN defaclobjtype = 'S' "
    "THEN 's'::\"char\" ELSE defaclobjtype END, defaclrole) ELSE '{}' END AS acldefault "
    "FROM pg_catalog.pg_default_acl ORDER BY oid";

const char* object_kind_keyword(char object_type) {
    switch (object_type) {
    case 'r': return "TABLES";
    case 'S': return "SEQUENCES";
    case 'f': return "FUNCTIONS";
    case 'T': return "TYPES";
    case 'n': return "SCHEMAS";
    case 'L': return "LARGE OBJECTS";
    default: return nullptr;
    }
}

}  // namespace

std::error_code DefaultAclKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                     protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, default_acls_query,
                                                "default privileges (pg_default_acl)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "defaclrole", "defaclnamespace",
                                   "defaclobjtype", "defaclacl", "acldefault"},
                                  "default privileges", diagnostics)) {
        return error;
    }

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        std::string object_type = columns.text(row, 4);
        const char* keyword = object_kind_keyword(object_type.empty() ? '\0' : object_type[0]);
        if (keyword == nullptr) continue;

        DefaultAcl item;
        item.id = {columns.oid(row, 0), columns.oid(row, 1)};
        item.role = context.owner_name(columns.oid(row, 2));
        std::uint32_t namespace_oid = columns.oid(row, 3);
        if (namespace_oid != 0) {
            const catalog::NamespaceRecord* schema = context.model.find_namespace(namespace_oid);
            // Like the schema's other contents, these follow the schema's selection.
            if (schema == nullptr || !schema->dumped) continue;
            item.schema = schema->name;
        }
        item.tag = std::string("DEFAULT PRIVILEGES FOR ") + keyword;
        item.object_type = object_type[0];

        AclTarget target{keyword, "", {}, {}, item.role, {}};
        target.prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + context.quote(item.role) + " ";
        if (item.schema) target.prefix += "IN SCHEMA " + context.quote(*item.schema) + " ";
        if (auto error = build_acl_commands(target, columns.optional_text(row, 5),
                                            columns.text(row, 6),
                                            context.options.server_version_num,
                                            context.model.keywords, item.sql)) {
            diagnostics.set_client_message("could not build the default privileges of role " +
                                           item.role + ": " + error.message());
            return error;
        }
        default_acls_.push_back(std::move(item));
    }
    return {};
}

void DefaultAclKind::add_objects(const PlanContext&, ObjectGraph& graph) {
    for (const auto& item : default_acls_) {
        DumpObject object;
        object.type = ObjectType::default_acl;
        object.id = item.id;
        object.namespace_name = item.schema;
        // pg_dump names these objects by defaclobjtype, which orders them.
        object.name = std::string(1, item.object_type);
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&item](int, std::vector<PlannedEntry>& entries) {
            PlannedEntry planned = start_object_entry(item.id, item.tag, "DEFAULT ACL",
                                                      dumpfmt::Section::post_data, item.schema,
                                                      item.role);
            planned.entry.definition = item.sql;
            entries.push_back(std::move(planned));
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
