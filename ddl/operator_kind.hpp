#pragma once

#include "ddl/object_kind.hpp"
#include "ddl/operator_sql.hpp"

#include <vector>

namespace wiredump::ddl {

// User-defined operators (OPERATOR) in dumped schemas, with their comments.
// Their functions reach them through pg_depend.
class OperatorKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<OperatorRecord> operators_;
};

}  // namespace wiredump::ddl
