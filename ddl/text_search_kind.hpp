#pragma once

#include "ddl/object_kind.hpp"
#include "ddl/text_search_sql.hpp"

#include <vector>

namespace wiredump::ddl {

// User-defined text search parsers, templates, dictionaries and
// configurations in dumped schemas, with their comments. One kind reads all
// four, because a configuration's mappings and a dictionary's template are
// read alongside. The objects they reference reach them through pg_depend.
class TextSearchObjectsKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::error_code read_mappings(catalog::QueryRunner& runner,
                                  protocol::Diagnostics& diagnostics);

    std::vector<TextSearchRecord> objects_;
};

}  // namespace wiredump::ddl
