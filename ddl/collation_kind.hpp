#pragma once

#include "ddl/collation_sql.hpp"
#include "ddl/object_kind.hpp"

#include <vector>

namespace wiredump::ddl {

// User-defined collations (COLLATION) in dumped schemas, with their comments.
// Columns, domains and ranges that use a collation reach it through pg_depend,
// so it is created before them.
class CollationKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<CollationRecord> collations_;
};

}  // namespace wiredump::ddl
