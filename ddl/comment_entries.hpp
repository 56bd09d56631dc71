#pragma once

#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// The object a COMMENT entry describes, as the entry names it.
struct CommentTarget {
    std::string keyword;                   // "TABLE", "SEQUENCE", "CONSTRAINT qty_pos ON", ...
    std::string name;                      // quoted, unqualified name for the tag: "item"
    std::optional<std::string> schema;     // unquoted schema, used to qualify the name in the SQL
    std::string owner;
    // Objects the entry depends on. Unset means the object being built.
    std::optional<std::vector<int>> dependency_objects;
};

// Starts an entry that belongs to an object written before it, such as a COMMENT or SECURITY
// LABEL: not a main entry, and in no section.
PlannedEntry child_entry(std::string desc, std::string tag, std::string sql,
                         std::optional<std::string> schema, std::string owner);

// Appends "COMMENT ON <keyword> <schema>.<name> IS '<text>';" as a child
// entry tagged "<keyword> <name>", as pg_dump's dumpComment writes it.
void add_comment_entry(const PlanContext& context, const CommentTarget& target,
                       const std::string& text, std::vector<PlannedEntry>& entries);

// Appends the COMMENT ON COLUMN entries of a table or view, in column
// number order, tagged "COLUMN table.column".
void add_column_comment_entries(const PlanContext& context,
                                const catalog::RelationRecord& relation,
                                std::vector<PlannedEntry>& entries);

}  // namespace wiredump::ddl
