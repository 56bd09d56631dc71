#pragma once

// How an object kind plugs into the dump plan
// -------------------------------------------
// 1. Derive a class from ObjectKind in a new file of ddl/ (for example
//    ddl/view_kind.cpp) and add one line creating it to make_object_kinds()
//    in ddl/object_kinds.cpp. Kinds run in that list's order.
// 2. read(): read the kind's catalog rows with a fixed number of set-based
//    queries (pass OID arrays, never one query per object) and keep them in
//    the class. context.model already holds roles, schemas, extensions and
//    their members, every pg_class row (dumped tables locked), the columns
//    of dumped relations, inheritance and collation names. Comments, pg_depend
//    and the database row are read after every read() and are there for
//    add_objects(). Call pg_get_*def functions only on locked tables' objects.
//    catalog::query_catalog_columns() runs one query and binds its columns.
// 3. add_objects(): add one DumpObject per catalog object to the graph. Give
//    it its catalog id, so pg_depend edges reach it, its type and its
//    namespace and name, which are the sort keys, its boundary side and its
//    `dumped` flag. Add the edges pg_dump adds itself, because the framework
//    adds only the pg_depend edges, afterwards. Set an EntryBuilder that writes the TOC
//    entries: the main entry first, then children such as COMMENT (see
//    comment_entries.hpp). start_object_entry() and add_object_comment() in
//    ddl/main_entry.hpp write the parts that most kinds share. Builders run
//    after sorting and loop repair, in archive order.
// 4. If pg_dump repairs a loop of the new kind specially, add a
//    LoopRepairRule to loop_repair_rules() in ddl/object_sort.cpp.

#include "catalog/query_runner.hpp"
#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"
#include "protocol/diagnostics.hpp"

#include <memory>
#include <system_error>
#include <vector>

namespace wiredump::ddl {

class ObjectKind {
public:
    virtual ~ObjectKind() = default;

    // Reads the kind's catalog rows. Runs after the framework's reads and
    // the table locks, in make_object_kinds() order.
    virtual std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                                 protocol::Diagnostics& diagnostics) = 0;

    // Adds the kind's objects to the graph. The kind and the context outlive
    // the builders, so builders may keep pointers to either.
    virtual void add_objects(const PlanContext& context, ObjectGraph& graph) = 0;
};

// Every object kind, in the order their reads run.
std::vector<std::unique_ptr<ObjectKind>> make_object_kinds();

}  // namespace wiredump::ddl
