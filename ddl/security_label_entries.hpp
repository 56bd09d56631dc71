#pragma once

#include "ddl/comment_entries.hpp"
#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Appends one SECURITY LABEL entry for the object `id` when pg_seclabel has labels for it
// (sub-id 0), as pg_dump's dumpSecLabel writes it: tagged "<keyword> <name>", one statement
// "SECURITY LABEL FOR <provider> ON <keyword> <schema>.<name> IS '<label>';" per provider.
// A SECURITY LABEL names its object as COMMENT ON does, so it takes a comment's target.
void add_object_security_labels(const PlanContext& context, catalog::CatalogId id,
                                const CommentTarget& target, std::vector<PlannedEntry>& entries);

// Appends one SECURITY LABEL entry for a table, view, materialized view or foreign table that
// contains the labels of the relation and of its columns (ON COLUMN schema.table.column), in
// column number order, as pg_dump's dumpTableSecLabel writes it. `keyword` is the relation's
// kind as its main entry names it: "TABLE", "VIEW" ...
void add_relation_security_labels(const PlanContext& context,
                                  const catalog::RelationRecord& relation,
                                  const std::string& keyword, std::vector<PlannedEntry>& entries);

// The statements "SECURITY LABEL FOR <provider> ON DATABASE <name> IS '<label>';" of the
// current database, or "" when it has no labels.
std::string database_security_labels_sql(const PlanContext& context);

}  // namespace wiredump::ddl
