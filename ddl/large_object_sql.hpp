#pragma once

// The statements of pg_dump 15's BLOB entries, one per large object.

#include <cstdint>
#include <string>

namespace wiredump::ddl {

// "SELECT pg_catalog.lo_create('16405');\n", which recreates the large object empty.
std::string create_large_object_sql(std::uint32_t oid);

// "SELECT pg_catalog.lo_unlink('16405');\n".
std::string drop_large_object_sql(std::uint32_t oid);

}  // namespace wiredump::ddl
