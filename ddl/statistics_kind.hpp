#pragma once

#include "ddl/object_kind.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Extended statistics objects (STATISTICS, post-data) in dumped schemas,
// with their comments.
class StatisticsKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct StatisticsRecord {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t namespace_oid = 0;
        std::uint32_t owner_oid = 0;
        std::uint32_t table_oid = 0;          // stxrelid
        std::string definition;               // pg_get_statisticsobjdef, without ";"
        std::int64_t statistics_target = -1;  // stxstattarget, -1 for the default
    };

private:
    std::vector<StatisticsRecord> statistics_;
};

// Builds the definition plus ";\n", and "ALTER STATISTICS s.n SET STATISTICS t;\n"
// when a target is set, as pg_dump 15's dumpStatisticsExt writes them.
std::string create_statistics_sql(const PlanContext& context,
                                  const StatisticsKind::StatisticsRecord& statistics);

}  // namespace wiredump::ddl
