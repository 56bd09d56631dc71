#pragma once

#include "ddl/object_kind.hpp"
#include "ddl/table_sql.hpp"

#include <unordered_map>

#include <vector>

namespace wiredump::ddl {

// Plain and partitioned tables (relkind 'r' and 'p'): the TABLE entry with
// inline defaults and CHECK constraints, separate DEFAULT and CHECK
// CONSTRAINT entries, TABLE ATTACH for partitions, TABLE DATA, and the
// comments on tables, columns and constraints.
class TableKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    void add_table(const PlanContext& context, ObjectGraph& graph,
                   const catalog::RelationRecord& table);
    void add_column_default(const PlanContext& context, ObjectGraph& graph,
                            const catalog::RelationRecord& table, int table_object,
                            catalog::ColumnDefaultRecord& column_default);
    void add_check(const PlanContext& context, ObjectGraph& graph,
                   const catalog::RelationRecord& table, int table_object,
                   catalog::CheckConstraintRecord& check);
    void add_table_data(const PlanContext& context, ObjectGraph& graph,
                        const catalog::RelationRecord& table, int table_object);
    void add_table_attach(const PlanContext& context, ObjectGraph& graph,
                          const catalog::RelationRecord& partition, int partition_object);

    std::vector<catalog::ColumnDefaultRecord> defaults_;
    std::vector<catalog::CheckConstraintRecord> checks_;
    std::unordered_map<std::uint32_t, TableParts> parts_;  // by table OID
    std::unordered_map<std::uint32_t, std::string> partition_keys_;
    std::unordered_map<std::uint32_t, std::string> partition_bounds_;
};

}  // namespace wiredump::ddl
