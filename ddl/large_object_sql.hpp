#pragma once

// The statements of pg_dump 15's BLOB entries, one per large object, and the
// definition of pg_dump 17's BLOB METADATA entries, one per group.

#include <cstdint>
#include <string>
#include <vector>

namespace wiredump::ddl {

// "SELECT pg_catalog.lo_create('16405');\n", which recreates the large object empty.
std::string create_large_object_sql(std::uint32_t oid);

// "SELECT pg_catalog.lo_unlink('16405');\n".
std::string drop_large_object_sql(std::uint32_t oid);

// "16405\n16406\n": a BLOB METADATA entry's definition is the list of its
// OIDs, which pg_restore 17 and later turn into one lo_create call each.
std::string large_object_oid_list(const std::vector<std::uint32_t>& oids);

// "16405..16406", or "16405" for a group of one: the tag of a group's BLOB
// METADATA and BLOBS entries and the name pg_dump 17 sorts the group by.
std::string large_object_group_name(const std::vector<std::uint32_t>& oids);

}  // namespace wiredump::ddl
