#pragma once

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wiredump::ddl {

// Session facts that the caller supplies before the plan is built.
struct PlanOptions {
    int server_version_num = 0;          // for example 150020
    std::string database_name;
    std::string client_encoding;         // as the server reported it, for example "UTF8"
    bool standard_conforming_strings = true;
    // Write large objects in BLOB METADATA groups, as pg_dump 17 does for
    // archive version 1.16, instead of one BLOB entry each.
    bool group_large_objects = false;
};

// The catalog read so far plus the quoting rules, shared by every object kind.
struct PlanContext {
    catalog::CatalogModel model;
    PlanOptions options;

    std::string quote(std::string_view identifier) const;
    std::string literal(std::string_view value) const;
    // The schema's name, or "" for an unknown OID.
    std::string namespace_name(std::uint32_t namespace_oid) const;
    // "schema.name", both parts quoted.
    std::string qualify(std::uint32_t namespace_oid, std::string_view name) const;
    std::string qualify(const catalog::RelationRecord& relation) const;
    std::string owner_name(std::uint32_t role_oid) const { return model.role_name(role_oid); }

    // OIDs of the dumped schemas, in OID order.
    std::vector<std::uint32_t> dumped_namespaces() const;
    // OIDs of the dumped relations whose relkind is one of `relkinds`, in OID order.
    std::vector<std::uint32_t> dumped_relations(std::string_view relkinds) const;
};

}  // namespace wiredump::ddl
