#pragma once

// The entry point that turns the catalogs into the archive's TOC. Object
// kinds plug in as described at the top of ddl/object_kind.hpp.

#include "catalog/query_runner.hpp"
#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"
#include "dumpfmt/toc_entry.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::ddl {

// A BLOBS entry and the large objects its data block contains.
struct LargeObjectDataJob {
    int dump_id = 0;
    std::vector<std::uint32_t> oids;   // ascending, the order pg_dump 15 and 17 write them in
};

struct DumpPlan {
    // Every TOC entry in archive order, with dump ids 1..N in that order.
    std::vector<dumpfmt::TocEntry> entries;
    // One job per TABLE DATA entry, in the order of those entries.
    std::vector<TableDataJob> table_data;
    // One job per BLOBS entry, in the order of those entries: none without
    // large objects, one in the 1.14 layout, one per group in the 1.16 layout.
    std::vector<LargeObjectDataJob> large_objects;
    // Dependency loops that had to be broken arbitrarily, as pg_dump's
    // "could not resolve dependency loop" warnings.
    std::vector<std::string> warnings;
};

// Reads the catalogs through `runner` and builds the plan. The session must
// already be set up as pg_dump sets it up (empty search_path, DATESTYLE ISO,
// extra_float_digits 3, ...). It must also be inside a REPEATABLE READ, READ
// ONLY transaction, because the plan takes ACCESS SHARE locks on every dumped
// table and reads sequence values in that snapshot. On failure the error
// comes from the failed query, with a client message naming what was read,
// or is a catalog::errc when a selection pattern matches nothing or is
// invalid (see catalog/object_selection.hpp).
std::error_code build_dump_plan(catalog::QueryRunner& runner, const PlanOptions& options,
                                DumpPlan& plan, protocol::Diagnostics& diagnostics);

}  // namespace wiredump::ddl
