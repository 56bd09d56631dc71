#include "ddl/main_entry.hpp"

#include <utility>

namespace wiredump::ddl {

PlannedEntry start_object_entry(catalog::CatalogId id, std::string tag, std::string desc,
                                dumpfmt::Section section, std::optional<std::string> schema,
                                std::optional<std::string> owner) {
    PlannedEntry planned;
    planned.entry.catalog_table_oid = id.catalog_table_oid;
    planned.entry.oid = id.oid;
    planned.entry.tag = std::move(tag);
    planned.entry.desc = std::move(desc);
    planned.entry.section = section;
    planned.entry.namespace_name = std::move(schema);
    planned.entry.owner = std::move(owner);
    return planned;
}

void add_object_comment(const PlanContext& context, catalog::CatalogId id,
                        const CommentTarget& target, std::vector<PlannedEntry>& entries) {
    if (const std::string* text = context.model.comment(id)) {
        add_comment_entry(context, target, *text, entries);
    }
}

}  // namespace wiredump::ddl
