#pragma once

#include "catalog/catalog_model.hpp"
#include "ddl/object_graph.hpp"

namespace wiredump::ddl {

// Adds an edge for every pg_depend row between two objects of the graph.
// Column-level rows become edges between whole objects, and self-edges are
// skipped. Extension members that no kind added become placeholder objects,
// so dependencies on them lead to their extension.
void add_catalog_dependencies(ObjectGraph& graph, const catalog::CatalogModel& model);

// Adds the pre-data and post-data boundary objects: every data object
// follows every pre-data object, and every post-data object follows every
// data object, unless loop repair moves an object across.
void add_section_boundaries(ObjectGraph& graph);

}  // namespace wiredump::ddl
