#include "ddl/large_object_sql.hpp"

namespace wiredump::ddl {

std::string create_large_object_sql(std::uint32_t oid) {
    return "SELECT pg_catalog.lo_create('" + std::to_string(oid) + "');\n";
}

std::string drop_large_object_sql(std::uint32_t oid) {
    return "SELECT pg_catalog.lo_unlink('" + std::to_string(oid) + "');\n";
}

std::string large_object_oid_list(const std::vector<std::uint32_t>& oids) {
    std::string list;
    for (std::uint32_t oid : oids) list += std::to_string(oid) + "\n";
    return list;
}

std::string large_object_group_name(const std::vector<std::uint32_t>& oids) {
    if (oids.empty()) return "";
    if (oids.size() == 1) return std::to_string(oids.front());
    return std::to_string(oids.front()) + ".." + std::to_string(oids.back());
}

}  // namespace wiredump::ddl
