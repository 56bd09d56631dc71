#pragma once

#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <vector>

namespace wiredump::ddl {

// Stops dumping the objects that pg_dump 15 leaves out when -n, -t or -e is
// given: objects outside schemas (languages, casts, transforms, access
// methods, foreign data wrappers and servers, publications and their
// members, subscriptions, event triggers, default privileges for all
// schemas) and changed privileges on pg_catalog objects, which -N pg_catalog
// also leaves out. Members of extensions that keep only their ACL entry are
// left to the extension rules.
void drop_objects_outside_selection(const PlanContext& context, ObjectGraph& graph);

// Removes the entries that pg_dump 15 does not write for -a, --section, -x,
// --no-comments, --no-publications, --no-subscriptions and
// --no-security-labels. Entries without a section (comments, ACLs) count in
// the section of the entry before them. ENCODING, STDSTRINGS, SEARCHPATH,
// DATABASE and DATABASE PROPERTIES are always kept. The other entries keep
// their dump ids, so the ids have gaps, as in pg_dump's archives.
void remove_unwanted_entries(const ContentOptions& content,
                             std::vector<dumpfmt::TocEntry>& entries);

}  // namespace wiredump::ddl
