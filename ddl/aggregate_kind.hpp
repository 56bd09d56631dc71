#pragma once

#include "ddl/aggregate_sql.hpp"
#include "ddl/object_kind.hpp"

#include <vector>

namespace wiredump::ddl {

// User-defined aggregates (AGGREGATE) in dumped schemas, with their comments.
// Their transition and final functions reach them through pg_depend.
// Their ACLs are written as pg_dump writes them, with the keyword FUNCTION,
// and so are the changed ACLs of pg_catalog aggregates and of members of
// dumped extensions.
class AggregateKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<AggregateRecord> aggregates_;
    std::vector<std::string> acl_sql_;   // GRANT and REVOKE text, in aggregates_ order
    std::vector<bool> acl_only_;         // true for aggregates of which only the ACL is written
};

}  // namespace wiredump::ddl
