#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::dumpfmt {

// Values of the TOC "section" field, as pg_backup.h numbers them.
enum class Section : int {
    none = 1,       // comments, ACLs, security labels: restored with their parent
    pre_data = 2,
    data = 3,
    post_data = 4,
};

// One entry of the archive's table of contents. Optional strings are written
// as the archive's NULL string; an empty string is written as "". The two mean
// different things to pg_restore (for example in tablespace).
struct TocEntry {
    int dump_id = 0;                   // unique, 1..N
    bool has_data = false;             // "hadDumper": a data block follows for this entry
    std::uint32_t catalog_table_oid = 0;  // tableoid of the catalog the object lives in
    std::uint32_t oid = 0;
    std::string tag;
    std::string desc;                  // "TABLE", "TABLE DATA", "SEQUENCE SET", ...
    Section section = Section::pre_data;
    std::optional<std::string> definition;
    std::optional<std::string> drop_statement;
    std::optional<std::string> copy_statement;
    std::optional<std::string> namespace_name;
    std::optional<std::string> tablespace;
    std::optional<std::string> table_access_method;
    // pg_class.relkind as its ASCII code ('r' = 114), 0 when the entry is not a
    // relation. Only 1.16 archives store it.
    int relkind = 0;
    std::optional<std::string> owner;
    std::vector<int> dependencies;     // dump ids; for TABLE DATA the first is its TABLE
};

}  // namespace wiredump::dumpfmt
