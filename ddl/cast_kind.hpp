#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// User-defined casts (CAST) with their comments. Built-in casts (OID below
// 16384) are neither dumped nor needed for ordering, because pg_depend has no
// rows for them. Casts that belong to an extension are added but not dumped,
// so that the functions they use sort as pg_dump sorts them.
class CastKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct CastRecord {
        catalog::CatalogId id;
        std::string source;                   // format_type(castsource, NULL)
        std::string target;                   // format_type(casttarget, NULL)
        std::string sort_name;                // "source_typname target_typname"
        char method = 'f';                    // castmethod: f, i (INOUT) or b (binary)
        char context = 'e';                   // castcontext: e, a (assignment) or i (implicit)
        std::optional<std::string> function;  // "schema.name(argument types)", quoted
    };

private:
    std::vector<CastRecord> casts_;
};

// Builds "CREATE CAST (source AS target) WITH FUNCTION ...|WITH INOUT|WITHOUT
// FUNCTION [AS ASSIGNMENT|AS IMPLICIT];\n" as pg_dump 15's dumpCast writes it.
std::string create_cast_sql(const CastKind::CastRecord& cast);

}  // namespace wiredump::ddl
