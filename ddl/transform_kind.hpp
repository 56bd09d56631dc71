#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Transforms (TRANSFORM) with their comments. pg_depend ties each one to its type, its
// language and its functions, so the graph orders them after those. Transforms that belong
// to an extension (hstore_plperl ...) are added but not dumped.
class TransformKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct TransformRecord {
        catalog::CatalogId id;
        std::string type;                          // format_type(trftype, NULL)
        std::string language;                      // quoted lanname
        std::string sort_name;                     // "typname lanname", pg_dump's sort key
        std::optional<std::string> from_sql;       // "schema.name(argument types)", quoted
        std::optional<std::string> to_sql;
    };

private:
    std::vector<TransformRecord> transforms_;
};

// Builds "CREATE TRANSFORM FOR type LANGUAGE lang (FROM SQL WITH FUNCTION ..., TO SQL WITH
// FUNCTION ...);\n" as pg_dump 15's dumpTransform writes it, leaving out a missing function.
std::string create_transform_sql(const TransformKind::TransformRecord& transform);

}  // namespace wiredump::ddl
