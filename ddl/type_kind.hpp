#pragma once

#include "catalog/type_records.hpp"
#include "ddl/object_kind.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Enum, composite, range and base types (TYPE) and domains (DOMAIN, plus CHECK
// CONSTRAINT for NOT VALID domain constraints) with their comments and ACLs.
// A base or range type also gets a SHELL TYPE, written before its functions
// when they loop with the type. Of the types in pg_catalog (unless a pattern
// selects pg_catalog) and the members of dumped extensions, only the ACLs that
// differ from pg_init_privs are written.
class TypeKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    void add_domain_check(const PlanContext& context, ObjectGraph& graph,
                          const catalog::TypeRecord& domain, int domain_object,
                          catalog::DomainCheckRecord& check);

    std::vector<catalog::TypeRecord> types_;
    std::vector<std::string> acl_sql_;   // by position in types_
    std::vector<bool> acl_only_;         // by position in types_
};

}  // namespace wiredump::ddl
