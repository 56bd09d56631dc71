#pragma once

#include "catalog/function_records.hpp"
#include "ddl/object_kind.hpp"

#include <memory>
#include <vector>

namespace wiredump::ddl {

// Functions and procedures (FUNCTION, PROCEDURE) of the dumped schemas with
// their comments and ACLs. Of the functions in pg_catalog and the members of
// dumped extensions, only the ACLs that differ from pg_init_privs are written.
class FunctionKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<catalog::FunctionRecord> functions_;
    std::vector<std::string> acl_sql_;   // by position in functions_
    std::vector<bool> acl_only_;         // by position in functions_
    // Set by loop repair: the definition moves to post-data. By position in functions_.
    std::unique_ptr<bool[]> postponed_;
};

}  // namespace wiredump::ddl
