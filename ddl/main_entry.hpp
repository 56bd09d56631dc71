#pragma once

#include "catalog/catalog_model.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Starts an object's main TOC entry from its catalog id and the fields that
// pg_restore lists. An unset schema or owner is written as the archive's NULL
// string, which differs from "", so pass std::nullopt for objects without one.
PlannedEntry start_object_entry(catalog::CatalogId id, std::string tag, std::string desc,
                                dumpfmt::Section section, std::optional<std::string> schema,
                                std::optional<std::string> owner);

// Appends the COMMENT entry of the object `id` when pg_description has a
// comment for it, and does nothing otherwise.
void add_object_comment(const PlanContext& context, catalog::CatalogId id,
                        const CommentTarget& target, std::vector<PlannedEntry>& entries);

}  // namespace wiredump::ddl
