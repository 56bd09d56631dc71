#pragma once

#include "ddl/object_kind.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

namespace wiredump::ddl {

// ACL entries of schemas, tables, views, materialized views, sequences,
// foreign tables and their columns, including the changed ACLs of pg_catalog,
// its relations and the relations of dumped extensions. It adds no objects of its own: it appends
// the ACL entries to the entries of the objects the other kinds added, after
// their comments, as pg_dump writes them. It must come after those kinds in
// make_object_kinds().
class AclKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::error_code build_relation_acls(const PlanContext& context,
                                        protocol::Diagnostics& diagnostics);
    // True for a relation that is not dumped but whose changed ACL is: one
    // in pg_catalog or a member of a dumped extension.
    bool is_acl_only(const PlanContext& context, const catalog::RelationRecord& relation) const;

    std::unordered_set<std::uint32_t> extension_relations_;   // members of dumped extensions

    // pg_init_privs.initprivs by (classoid, objoid, objsubid).
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::int64_t>, std::string> initial_acls_;

    struct ColumnAcl {
        std::uint32_t table_oid = 0;
        std::string column_name;
        std::optional<std::string> acl;
        std::optional<std::string> initial_acl;
    };
    std::vector<ColumnAcl> column_acls_;   // by table OID, then attnum

    // Objects of which only the ACL is dumped, by (catalog, OID).
    struct AclOnlyObject {
        ObjectType type = ObjectType::table;
        std::optional<std::string> namespace_name;
        std::string name;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, AclOnlyObject> acl_only_;

    // Finished ACL entries by (catalog, OID) of the object they follow.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<PlannedEntry>> entries_;
};

}  // namespace wiredump::ddl
