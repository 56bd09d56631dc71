#pragma once

#include "ddl/object_kind.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Triggers of dumped tables, views and foreign tables (TRIGGER) with their
// comments. Internal triggers (foreign keys, deferred uniqueness) are left
// out. A partition's copy of a partitioned table's trigger gets an entry
// with only ENABLE/DISABLE, and only when its enabled state differs from the
// parent's, as pg_dump 15.20 writes it.
class TriggerKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct TriggerRecord {
        catalog::CatalogId id;
        std::uint32_t table_oid = 0;
        std::string name;
        std::string definition;   // pg_get_triggerdef(oid, false)
        char enabled = 'O';       // tgenabled
        bool is_partition_copy = false;  // tgparentid is set
    };

private:
    std::vector<TriggerRecord> triggers_;
};

// Builds the trigger's CREATE TRIGGER with ";" appended, followed by an ALTER TABLE
// ... ENABLE/DISABLE TRIGGER when tgenabled is not the default 'O'. A
// partition's copy gets only the ALTER TABLE.
std::string trigger_sql(const PlanContext& context, const catalog::RelationRecord& table,
                        const TriggerKind::TriggerRecord& trigger);

}  // namespace wiredump::ddl
