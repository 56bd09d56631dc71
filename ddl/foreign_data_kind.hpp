#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Foreign-data wrappers (FOREIGN DATA WRAPPER), foreign servers (SERVER) and
// the servers' user mappings (USER MAPPING), all pre-data, with comments and
// ACLs. TableKind writes the foreign tables. Of a wrapper or server that
// belongs to a dumped extension only the ACL changes since CREATE EXTENSION
// (pg_init_privs) are written, and those of other extensions are left out.
class ForeignDataKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct WrapperRecord {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t owner_oid = 0;
        std::string handler;                 // fdwhandler::regproc, "-" when none
        std::string validator;               // fdwvalidator::regproc, "-" when none
        std::string options;                 // quoted "name 'value'" pairs joined with ",\n    "
        std::optional<std::string> acl;
        std::string acl_default;             // acldefault('F', owner)
        std::optional<std::string> initial_acl;   // pg_init_privs.initprivs
        // A member of a dumped extension: only its changed ACL is written.
        bool acl_only = false;
    };

    struct UserMappingRecord {
        std::string user_name;               // pg_user_mappings.usename, "public" for PUBLIC
        std::string options;                 // as WrapperRecord::options
    };

    struct ServerRecord {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t owner_oid = 0;
        std::uint32_t wrapper_oid = 0;
        std::string wrapper_name;
        std::optional<std::string> type;     // srvtype
        std::optional<std::string> version;  // srvversion
        std::string options;
        std::optional<std::string> acl;
        std::string acl_default;             // acldefault('S', owner)
        std::optional<std::string> initial_acl;   // pg_init_privs.initprivs
        bool acl_only = false;               // as WrapperRecord::acl_only
        std::vector<UserMappingRecord> user_mappings;   // ordered by user name
    };

private:
    std::error_code read_wrappers(catalog::QueryRunner& runner, const PlanContext& context,
                                  protocol::Diagnostics& diagnostics);
    std::error_code read_servers(catalog::QueryRunner& runner, const PlanContext& context,
                                 protocol::Diagnostics& diagnostics);
    std::error_code read_user_mappings(catalog::QueryRunner& runner,
                                       protocol::Diagnostics& diagnostics);

    // The pg_init_privs column of the wrapper and server queries.
    std::string initial_acl_column(const char* catalog, const char* oid_column) const;

    int server_version_num_ = 0;
    std::vector<WrapperRecord> wrappers_;
    std::vector<ServerRecord> servers_;
    std::vector<std::string> wrapper_acl_sql_;   // parallel to wrappers_
    std::vector<std::string> server_acl_sql_;    // parallel to servers_
};

// Builds "CREATE FOREIGN DATA WRAPPER w [HANDLER h] [VALIDATOR v] [OPTIONS (...)];\n"
// as pg_dump 15's dumpForeignDataWrapper writes it.
std::string create_foreign_data_wrapper_sql(const PlanContext& context,
                                            const ForeignDataKind::WrapperRecord& wrapper);

// Builds "CREATE SERVER s [TYPE 't'] [VERSION 'v'] FOREIGN DATA WRAPPER w
// [OPTIONS (...)];\n" as pg_dump 15's dumpForeignServer writes it.
std::string create_server_sql(const PlanContext& context,
                              const ForeignDataKind::ServerRecord& server);

// Builds "CREATE USER MAPPING FOR u SERVER s [OPTIONS (...)];\n" as pg_dump 15's
// dumpUserMappings writes it.
std::string create_user_mapping_sql(const PlanContext& context, const std::string& server_name,
                                    const ForeignDataKind::UserMappingRecord& mapping);

}  // namespace wiredump::ddl
