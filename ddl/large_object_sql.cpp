#include "ddl/large_object_sql.hpp"

namespace wiredump::ddl {

std::string create_large_object_sql(std::uint32_t oid) {
    return "SELECT pg_catalog.lo_create('" + std::to_string(oid) + "');\n";
}

std::string drop_large_object_sql(std::uint32_t oid) {
    return "SELECT pg_catalog.lo_unlink('" + std::to_string(oid) + "');\n";
}

}  // namespace wiredump::ddl
