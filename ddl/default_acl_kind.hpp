#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Default privileges (DEFAULT ACL): ALTER DEFAULT PRIVILEGES statements from
// pg_default_acl, written after the data as pg_dump writes them.
class DefaultAclKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    struct DefaultAcl {
        catalog::CatalogId id;
        std::string role;
        std::optional<std::string> schema;   // unset for privileges in every schema
        std::string tag;                     // "DEFAULT PRIVILEGES FOR TABLES"
        char object_type = 'r';              // defaclobjtype
        std::string sql;
    };
    std::vector<DefaultAcl> default_acls_;
};

}  // namespace wiredump::ddl
