#pragma once

#include "ddl/object_graph.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <vector>

namespace wiredump::ddl {

// Builds the entries of every dumped object in `order`, numbers them from
// first_dump_id on, and fills in their dependency lists. A dependency on an
// object without an entry is followed through to that object's own
// dependencies, except through the section boundaries, as pg_dump does.
// Appends to `entries` and `jobs` (one job per entry that carries one).
void assemble_entries(const ObjectGraph& graph, const std::vector<int>& order, int first_dump_id,
                      std::vector<dumpfmt::TocEntry>& entries, std::vector<TableDataJob>& jobs);

}  // namespace wiredump::ddl
