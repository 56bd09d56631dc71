#pragma once

#include "ddl/object_kind.hpp"
#include "ddl/operator_class_sql.hpp"

#include <vector>

namespace wiredump::ddl {

// User-defined operator classes (OPERATOR CLASS) and operator families
// (OPERATOR FAMILY) in dumped schemas, with their comments. One kind reads
// both, because their operator and function members come from the same two
// pg_depend queries. Members that pg_depend ties to a class are written in
// CREATE OPERATOR CLASS. Loose members of a family are written in ALTER
// OPERATOR FAMILY ... ADD.
class OperatorClassKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::error_code read_classes(catalog::QueryRunner& runner, const std::string& namespaces,
                                 protocol::Diagnostics& diagnostics);
    std::error_code read_families(catalog::QueryRunner& runner, const std::string& namespaces,
                                  protocol::Diagnostics& diagnostics);
    std::error_code read_members(catalog::QueryRunner& runner, protocol::Diagnostics& diagnostics);

    std::vector<OperatorClassRecord> objects_;
    // The family OID of each class, in objects_ order (0 for families),
    // because a class's operators are those of its own family only.
    std::vector<std::uint32_t> class_families_;
};

}  // namespace wiredump::ddl
