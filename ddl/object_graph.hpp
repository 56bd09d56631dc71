#pragma once

#include "catalog/catalog_model.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiredump::ddl {

// Kinds of dumpable objects, in pg_dump 15's sort priority order (its
// dbObjectTypePriorities). Kinds that pg_dump sorts as equals are listed in
// sort_priority() with the same value.
enum class ObjectType {
    namespace_object,
    procedural_language,
    collation,
    transform,
    extension,
    type,
    shell_type,
    cast,
    function,
    aggregate,
    access_method,
    operator_object,
    operator_class,
    operator_family,
    conversion,
    text_search_parser,
    text_search_template,
    text_search_dictionary,
    text_search_configuration,
    foreign_data_wrapper,
    foreign_server,
    table,                   // also views, materialized views, sequences, foreign tables
    table_attach,
    dummy_type,
    column_default,
    large_object,
    pre_data_boundary,
    table_data,
    sequence_set,
    large_object_metadata,   // a BLOB METADATA group of archive version 1.16
    large_object_data,
    post_data_boundary,
    constraint,              // PRIMARY KEY, UNIQUE, EXCLUDE and CHECK
    index,
    index_attach,
    extended_statistics,
    rule,
    trigger,
    foreign_key,
    policy,
    publication,
    publication_relation,
    publication_schema,
    subscription,
    default_acl,
    event_trigger,
    refresh_materialized_view,
    extension_member,        // an object of an extension that no kind reads; never dumped
};

int sort_priority(ObjectType type);

// The side of the section boundaries that an object must sort on.
enum class BoundarySide {
    pre_data,
    data,
    post_data,
    none,   // not tied to a section, such as a CHECK constraint written inside CREATE TABLE
};

// Data that the pipeline copies for one TABLE DATA entry.
struct TableDataJob {
    int dump_id = 0;
    std::uint32_t table_oid = 0;
    std::string qualified_name;    // quoted schema.table
    std::string copy_to_sql;       // "COPY s.t (a, b) TO stdout;"
    std::int64_t pages = 0;        // relpages plus toast pages, for scheduling the largest first
};

// One TOC entry as an object builds it. The assembler fills in dump_id and
// the dependency list.
struct PlannedEntry {
    dumpfmt::TocEntry entry;
    // The object's own entry, which other entries' dependencies point to.
    // Child entries such as COMMENT are written right after it.
    bool is_main = true;
    // Graph indexes this entry depends on. Unset means the object's own
    // dependencies (main entries) or the object itself (child entries).
    std::optional<std::vector<int>> dependency_objects;
    // Earlier entries of the same builder that this entry also depends on,
    // counted back from it (1 is the entry just before). A column's ACL
    // depends on its table's ACL this way, because a table-level REVOKE also
    // revokes column privileges.
    std::vector<int> earlier_entries;
    std::optional<TableDataJob> data_job;
};

// Builds the entries of one object after sorting, so that it reads the final
// state of flags that loop repair may change (for example a column default
// that became separate). The first argument is the object's graph index.
using EntryBuilder = std::function<void(int, std::vector<PlannedEntry>&)>;

// One node of the dependency graph: pg_dump's DumpableObject.
struct DumpObject {
    ObjectType type = ObjectType::table;
    catalog::CatalogId id;
    std::optional<std::string> namespace_name;  // unset for objects outside schemas
    std::string name;
    // Tie-breakers after type, namespace and name, before the OID: pg_dump
    // uses the column number for defaults and argument counts and types for functions.
    std::int64_t sort_number = 0;
    std::vector<std::string> sort_strings;
    BoundarySide boundary = BoundarySide::pre_data;
    // False for objects kept only so dependencies can be followed through them.
    bool dumped = true;
    // An extension member whose builder writes only its ACL entry, which
    // pg_dump writes when the ACL differs from pg_init_privs.
    bool acl_only = false;
    std::vector<int> dependencies;              // graph indexes, may repeat
    // For a default or CHECK constraint written inside its table's CREATE
    // TABLE: the table's index, which loop repair needs.
    int owning_table = -1;
    // For a base or range type: the index of its shell type, which loop
    // repair writes first when the type's I/O or canonical functions loop
    // with the type.
    int shell_type = -1;
    // Called by loop repair to write the object as its own entry instead of
    // inside its table. It may move the object to another boundary side.
    // Unset when the object cannot be split out.
    std::function<void(DumpObject&)> make_separate;
    // Called by loop repair when a materialized view or function loops
    // through the pre-data boundary: its definition then goes to post-data,
    // as pg_dump's postponed_def. Unset for other objects.
    std::function<void(DumpObject&)> postpone;
    EntryBuilder build_entries;                 // unset: the object has no entry
};

class ObjectGraph {
public:
    // Adds an object and returns its index. An object with a catalog id can
    // later be found with find().
    int add(DumpObject object);
    // The index of the object with this catalog id, or -1.
    int find(catalog::CatalogId id) const;

    DumpObject& at(int index) { return objects_[static_cast<std::size_t>(index)]; }
    const DumpObject& at(int index) const { return objects_[static_cast<std::size_t>(index)]; }
    int size() const { return static_cast<int>(objects_.size()); }

    void add_dependency(int object, int referenced);

    // The section boundary objects, -1 until add_section_boundaries() runs.
    int pre_data_boundary = -1;
    int post_data_boundary = -1;
    // Removes every edge from object to referenced.
    void remove_dependency(int object, int referenced);

private:
    std::vector<DumpObject> objects_;
    std::unordered_map<std::uint64_t, int> by_catalog_id_;
};

}  // namespace wiredump::ddl
