#pragma once

#include "ddl/object_kind.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Rewrite rules other than the ON SELECT rules of views (RULE), with their
// comments. The ON SELECT rules belong to ViewKind.
class RuleKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct RuleRecord {
        catalog::CatalogId id;
        std::uint32_t table_oid = 0;
        std::string name;
        std::string definition;   // pg_get_ruledef
        char enabled = 'O';       // ev_enabled
    };

private:
    std::vector<RuleRecord> rules_;
};

// Builds pg_get_ruledef's text plus a newline, followed by an ALTER TABLE ...
// ENABLE ALWAYS/ENABLE REPLICA/DISABLE RULE when ev_enabled is not 'O'.
std::string rule_sql(const PlanContext& context, const catalog::RelationRecord& table,
                     const RuleKind::RuleRecord& rule);

}  // namespace wiredump::ddl
