#include "ddl/object_graph.hpp"

#include <algorithm>

namespace wiredump::ddl {

namespace {

std::uint64_t catalog_key(catalog::CatalogId id) {
    return (static_cast<std::uint64_t>(id.catalog_table_oid) << 32) | id.oid;
}

}  // namespace

int sort_priority(ObjectType type) {
    switch (type) {
    case ObjectType::shell_type:
        return sort_priority(ObjectType::type);
    case ObjectType::operator_class:
        return sort_priority(ObjectType::operator_family);
    default:
        return static_cast<int>(type);
    }
}

int ObjectGraph::add(DumpObject object) {
    int index = size();
    if (object.id.catalog_table_oid != 0 && object.id.oid != 0) {
        by_catalog_id_.emplace(catalog_key(object.id), index);
    }
    objects_.push_back(std::move(object));
    return index;
}

int ObjectGraph::find(catalog::CatalogId id) const {
    auto found = by_catalog_id_.find(catalog_key(id));
    return found == by_catalog_id_.end() ? -1 : found->second;
}

void ObjectGraph::add_dependency(int object, int referenced) {
    at(object).dependencies.push_back(referenced);
}

void ObjectGraph::remove_dependency(int object, int referenced) {
    auto& dependencies = at(object).dependencies;
    dependencies.erase(std::remove(dependencies.begin(), dependencies.end(), referenced),
                       dependencies.end());
}

}  // namespace wiredump::ddl
