#include "ddl/table_kind.hpp"

#include "catalog/catalog_readers.hpp"
#include "ddl/main_entry.hpp"

namespace wiredump::ddl {

namespace {

// The partitioned table above a partition, or nullptr.
const catalog::RelationRecord* partition_parent(const PlanContext& context,
                                                const catalog::RelationRecord& partition) {
    auto parents = context.model.parents.find(partition.id.oid);
    if (parents == context.model.parents.end() || parents->second.empty()) return nullptr;
    return context.model.find_relation(parents->second.front());
}

// The topmost partitioned table above a partition.
const catalog::RelationRecord& partition_root(const PlanContext& context,
                                              const catalog::RelationRecord& partition) {
    const catalog::RelationRecord* current = &partition;
    while (current->is_partition) {
        const catalog::RelationRecord* parent = partition_parent(context, *current);
        if (parent == nullptr) break;
        current = parent;
    }
    return *current;
}

// Whether any partitioned table above a partition hashes an enum, which
// makes pg_dump 15 load the partition's rows through the root.
bool below_hash_enum_partitioning(const PlanContext& context,
                                  const catalog::RelationRecord& partition,
                                  const catalog::OidSet& hash_enum_partitioned) {
    const catalog::RelationRecord* current = &partition;
    while (current->is_partition) {
        current = partition_parent(context, *current);
        if (current == nullptr) return false;
        if (hash_enum_partitioned.count(current->id.oid) != 0) return true;
    }
    return false;
}

// The dependencies of a configuration table's data entry: the data of the
// configuration tables its foreign keys reference, as left after loop
// repair. pg_dump 15 instead points the entry at the table's own dump id,
// which has no entry. That leaves a parallel restore free to load the rows
// before the rows they reference, which the key that CREATE EXTENSION made
// can then reject. Neither pg_restore -l nor its SQL shows the difference.
std::vector<int> config_data_dependencies(const ObjectGraph& graph, int data_object) {
    std::vector<int> referenced_data;
    for (int dependency : graph.at(data_object).dependencies) {
        if (graph.at(dependency).type == ObjectType::table_data) referenced_data.push_back(dependency);
    }
    return referenced_data;
}

}  // namespace

std::error_code TableKind::read_table_data_rules(catalog::QueryRunner& runner,
                                                 const PlanContext& context,
                                                 protocol::Diagnostics& diagnostics) {
    bool partition_data = false;
    bool config_data = false;
    for (const auto& relation : context.model.relations) {
        if (!context.dumps_data_of(relation)) continue;
        partition_data = partition_data || relation.is_partition;
        config_data = config_data || relation.extension_config_filter.has_value();
    }

    if (partition_data) {
        if (std::error_code error = catalog::read_hash_enum_partitioned_tables(
                runner, hash_enum_partitioned_, diagnostics)) {
            return error;
        }
    }
    if (!config_data) return {};
    return catalog::read_extension_config_foreign_keys(runner, config_foreign_keys_, diagnostics);
}

void TableKind::order_extension_config_data(ObjectGraph& graph) const {
    for (const auto& foreign_key : config_foreign_keys_) {
        auto referencing = data_objects_.find(foreign_key.referencing);
        auto referenced = data_objects_.find(foreign_key.referenced);
        if (referencing == data_objects_.end() || referenced == data_objects_.end()) continue;
        graph.add_dependency(referencing->second, referenced->second);
    }
}

void TableKind::add_table_data(const PlanContext& context, ObjectGraph& graph,
                               const catalog::RelationRecord& table, int table_object) {
    DumpObject object;
    object.type = ObjectType::table_data;
    object.namespace_name = context.namespace_name(table.namespace_oid);
    object.name = table.name;
    object.id.oid = table.id.oid;
    object.boundary = BoundarySide::data;
    const bool through_root =
        table.is_partition && (context.options.content.load_via_partition_root ||
                               below_hash_enum_partitioning(context, table, hash_enum_partitioned_));
    // The builder runs inside assemble_entries() on this same graph.
    const ObjectGraph* data_graph = &graph;
    object.build_entries = [&context, &table, through_root, data_graph](
                               int self, std::vector<PlannedEntry>& entries) {
        const std::string name = context.qualify(table);
        const std::string columns = copy_column_list(context, table);
        PlannedEntry planned = start_object_entry(
            {0, table.id.oid}, table.name, "TABLE DATA", dumpfmt::Section::data,
            context.namespace_name(table.namespace_oid), context.owner_name(table.owner_oid));
        planned.entry.has_data = true;
        planned.entry.copy_statement = "COPY " + name + " " + columns + " FROM stdin;\n";
        if (through_root) {
            // pg_restore then sends each row through the root's partition
            // routing. The comment marks the entry, so that a parallel restore
            // does not truncate the partition before loading it.
            const std::string root = context.qualify(partition_root(context, table));
            planned.entry.definition = "-- load via partition root " + root;
            planned.entry.copy_statement = "COPY " + root + " " + columns + " FROM stdin;\n";
        }
        if (table.extension_config_filter) {
            planned.dependency_objects = config_data_dependencies(*data_graph, self);
        }

        TableDataJob job;
        job.table_oid = table.id.oid;
        job.qualified_name = name;
        job.copy_to_sql = "COPY " + name + " " + columns + " TO stdout;";
        const std::string filter = table.extension_config_filter.value_or("");
        if (table.relkind == 'f' || !filter.empty()) {
            // COPY TO reads only plain tables and takes no WHERE, so a foreign
            // table or a filtered configuration table goes through a query.
            const std::string select_list =
                columns.size() > 2 ? columns.substr(1, columns.size() - 2) : "*";
            job.copy_to_sql = "COPY (SELECT " + select_list + " FROM " + name +
                              (filter.empty() ? "" : " " + filter) + ") TO stdout;";
        }
        job.pages = table.pages;
        planned.data_job = std::move(job);
        entries.push_back(std::move(planned));
    };
    int data_object = graph.add(std::move(object));
    graph.add_dependency(data_object, table_object);
    data_objects_[table.id.oid] = data_object;
}

}  // namespace wiredump::ddl
