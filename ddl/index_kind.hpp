#pragma once

#include "ddl/object_kind.hpp"

#include <unordered_map>
#include <vector>

namespace wiredump::ddl {

// Indexes of tables and materialized views (INDEX), the PRIMARY KEY, UNIQUE
// and EXCLUDE constraints they implement (CONSTRAINT), the attachment of a
// partition's index to its parent index (INDEX ATTACH), foreign keys
// (FK CONSTRAINT), and the comments on indexes and constraints.
class IndexKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    void add_index(const PlanContext& context, ObjectGraph& graph, const catalog::IndexRecord& index);
    void add_constraint(const PlanContext& context, ObjectGraph& graph,
                        const catalog::IndexRecord& index);
    void add_foreign_key(const PlanContext& context, ObjectGraph& graph,
                         const catalog::ForeignKeyRecord& foreign_key);
    void add_index_attach(const PlanContext& context, ObjectGraph& graph,
                          const catalog::IndexRecord& index);
    // For -a: makes each table's data wait for the data of the tables its
    // foreign keys reference, as pg_dump 15 orders a data-only dump, so that
    // a restore without --disable-triggers loads referenced rows first.
    void order_data_by_foreign_keys(ObjectGraph& graph) const;
    // Makes `object` depend on every INDEX ATTACH below the index, recursively.
    void add_attach_dependencies(ObjectGraph& graph, int object, std::uint32_t index_oid);

    std::vector<catalog::IndexRecord> indexes_;
    std::vector<catalog::ForeignKeyRecord> foreign_keys_;
    std::unordered_map<std::uint32_t, const catalog::IndexRecord*> index_by_oid_;
    // INDEX ATTACH objects by parent index OID, each with the attached index's OID.
    std::unordered_map<std::uint32_t, std::vector<std::pair<int, std::uint32_t>>> attaches_by_parent_;
};

// The SQL of an INDEX entry: pg_get_indexdef's text plus CLUSTER ON,
// per-column statistics targets and REPLICA IDENTITY USING INDEX.
std::string index_sql(const PlanContext& context, const catalog::RelationRecord& table,
                      const catalog::IndexRecord& index);

// The SQL of a CONSTRAINT entry for a PRIMARY KEY, UNIQUE or EXCLUDE
// constraint. PRIMARY KEY and UNIQUE are rebuilt from the index columns as
// pg_dump does, and EXCLUDE uses pg_get_constraintdef's text.
std::string index_constraint_sql(const PlanContext& context, const catalog::RelationRecord& table,
                                 const catalog::IndexRecord& index);

}  // namespace wiredump::ddl
