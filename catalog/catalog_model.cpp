#include "catalog/catalog_model.hpp"

namespace wiredump::catalog {

const NamespaceRecord* CatalogModel::find_namespace(std::uint32_t oid) const {
    for (const auto& record : namespaces) {
        if (record.id.oid == oid) return &record;
    }
    return nullptr;
}

const RelationRecord* CatalogModel::find_relation(std::uint32_t oid) const {
    auto found = relation_index.find(oid);
    return found == relation_index.end() ? nullptr : &relations[found->second];
}

RelationRecord* CatalogModel::find_relation(std::uint32_t oid) {
    auto found = relation_index.find(oid);
    return found == relation_index.end() ? nullptr : &relations[found->second];
}

std::string CatalogModel::role_name(std::uint32_t oid) const {
    auto found = role_names.find(oid);
    return found == role_names.end() ? std::string() : found->second;
}

const std::string* CatalogModel::comment(CatalogId id, std::int64_t subid) const {
    auto object = comments.find({id.catalog_table_oid, id.oid});
    if (object == comments.end()) return nullptr;
    auto text = object->second.find(subid);
    return text == object->second.end() ? nullptr : &text->second;
}

const std::vector<SecurityLabelRecord>& CatalogModel::object_security_labels(CatalogId id) const {
    static const std::vector<SecurityLabelRecord> none;
    auto found = security_labels.find({id.catalog_table_oid, id.oid});
    return found == security_labels.end() ? none : found->second;
}

const std::vector<ColumnRecord>& CatalogModel::table_columns(std::uint32_t table_oid) const {
    static const std::vector<ColumnRecord> none;
    auto found = columns.find(table_oid);
    return found == columns.end() ? none : found->second;
}

const ColumnRecord* CatalogModel::find_column(std::uint32_t table_oid, std::int64_t number) const {
    for (const auto& column : table_columns(table_oid)) {
        if (column.number == number) return &column;
    }
    return nullptr;
}

}  // namespace wiredump::catalog
