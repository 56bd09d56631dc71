#pragma once

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <unordered_set>

namespace wiredump::ddl {

// An object's membership in an extension, as pg_depend records it (deptype 'e').
enum class ExtensionMembership {
    none,                // not a member of any extension
    dumped_extension,    // a member of an extension that the dump creates
    other_extension,     // a member of an extension that the dump leaves out
};

// Finds the extension the object belongs to. pg_dump leaves such objects to
// CREATE EXTENSION and writes at most their changed ACLs.
ExtensionMembership extension_membership(const catalog::CatalogModel& model,
                                         catalog::CatalogId id);

// True when the object is a member of any extension.
bool is_extension_member(const catalog::CatalogModel& model, catalog::CatalogId id);

// The OIDs of every extension member, whatever catalog it lives in. Kinds that
// read one catalog use it to skip the objects that CREATE EXTENSION creates.
std::unordered_set<std::uint32_t> extension_member_oids(const catalog::CatalogModel& model);

}  // namespace wiredump::ddl
