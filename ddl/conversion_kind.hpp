#pragma once

// User-defined encoding conversions (CONVERSION) in dumped schemas, written
// as pg_dump 15's dumpConversion writes them.

#include "ddl/object_kind.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace wiredump::ddl {

// One pg_conversion row, with encoding names from pg_encoding_to_char and
// the function as regproc text under an empty search_path.
struct ConversionRecord {
    catalog::CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    std::string source_encoding;
    std::string target_encoding;
    std::string function;
    bool is_default = false;
    bool dumped = false;
};

// "CREATE [DEFAULT ]CONVERSION s.name FOR 'LATIN1' TO 'UTF8' FROM f;\n".
std::string create_conversion_sql(const PlanContext& context, const ConversionRecord& record);

// "DROP CONVERSION s.name;\n".
std::string drop_conversion_sql(const PlanContext& context, const ConversionRecord& record);

class ConversionKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<ConversionRecord> conversions_;
};

}  // namespace wiredump::ddl
