#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Row-level security of dumped tables and partitioned tables: one ROW
// SECURITY entry (ALTER TABLE ... ENABLE ROW LEVEL SECURITY, catalog id
// 0/table OID) per table with relrowsecurity set, and one POLICY entry per
// pg_policy row, all post-data. FORCE ROW LEVEL SECURITY stays in the table's
// own entry.
class PolicyKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct PolicyRecord {
        catalog::CatalogId id;
        std::uint32_t table_oid = 0;
        std::string name;
        char command = '*';                   // polcmd: *, r, a, w or d
        bool permissive = true;
        std::optional<std::string> roles;     // quoted names joined with ", ", unset for PUBLIC
        std::optional<std::string> using_expression;       // pg_get_expr(polqual)
        std::optional<std::string> with_check_expression;  // pg_get_expr(polwithcheck)
    };

private:
    std::vector<std::uint32_t> secured_tables_;   // relrowsecurity set, OID order
    std::vector<PolicyRecord> policies_;
};

// Builds "ALTER TABLE s.t ENABLE ROW LEVEL SECURITY;" with no newline, as pg_dump 15 writes it.
std::string enable_row_security_sql(const PlanContext& context,
                                    const catalog::RelationRecord& table);

// Builds "CREATE POLICY p ON s.t [AS RESTRICTIVE] [FOR cmd] [TO roles] [USING (...)]
// [WITH CHECK (...)];\n" as pg_dump 15's dumpPolicy writes it.
std::string create_policy_sql(const PlanContext& context, const catalog::RelationRecord& table,
                              const PolicyKind::PolicyRecord& policy);

}  // namespace wiredump::ddl
