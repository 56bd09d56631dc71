#include "ddl/index_kind.hpp"

#include "catalog/catalog_readers.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/table_sql.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

PlannedEntry post_data_entry(const PlanContext& context, const catalog::RelationRecord& table,
                               std::string tag, std::string desc, catalog::CatalogId id) {
    return start_object_entry(id, std::move(tag), std::move(desc), dumpfmt::Section::post_data,
                              context.namespace_name(table.namespace_oid),
                              context.owner_name(table.owner_oid));
}

std::string column_names(const PlanContext& context, const catalog::RelationRecord& table,
                         const std::vector<std::int64_t>& numbers, std::size_t begin,
                         std::size_t end) {
    std::string list;
    for (std::size_t i = begin; i < end && i < numbers.size(); ++i) {
        if (!list.empty()) list += ", ";
        const catalog::ColumnRecord* column = context.model.find_column(table.id.oid, numbers[i]);
        list += column ? context.quote(column->name) : std::to_string(numbers[i]);
    }
    return list;
}

void add_constraint_comment(const PlanContext& context, const catalog::RelationRecord& table,
                            catalog::CatalogId constraint, const std::string& name,
                            std::vector<PlannedEntry>& entries) {
    add_object_comment(context, constraint,
                       {"CONSTRAINT " + context.quote(name) + " ON", context.quote(table.name),
                        context.namespace_name(table.namespace_oid),
                        context.owner_name(table.owner_oid),
                        {}},
                       entries);
}

}  // namespace

std::string index_sql(const PlanContext& context, const catalog::RelationRecord& table,
                      const catalog::IndexRecord& index) {
    const std::string index_name = context.qualify(table.namespace_oid, index.name);
    std::string sql = index.definition + ";\n";
    if (index.is_clustered) {
        sql += "\nALTER TABLE " + context.qualify(table) + " CLUSTER ON " +
               context.quote(index.name) + ";\n";
    }
    for (std::size_t i = 0;
         i < index.statistics_columns.size() && i < index.statistics_targets.size(); ++i) {
        sql += "ALTER INDEX " + index_name + " ALTER COLUMN " +
               std::to_string(index.statistics_columns[i]) + " SET STATISTICS " +
               std::to_string(index.statistics_targets[i]) + ";\n";
    }
    if (index.is_replica_identity) {
        sql += "\nALTER TABLE ONLY " + context.qualify(table) + " REPLICA IDENTITY USING INDEX " +
               context.quote(index.name) + ";\n";
    }
    return sql;
}

std::string index_constraint_sql(const PlanContext& context, const catalog::RelationRecord& table,
                                 const catalog::IndexRecord& index) {
    std::string sql = "ALTER TABLE ONLY " + context.qualify(table) + "\n    ADD CONSTRAINT " +
                      context.quote(index.constraint_name) + " ";
    if (index.constraint_type == 'x') {
        sql += index.constraint_definition + ";\n";
    } else {
        sql += index.constraint_type == 'p' ? "PRIMARY KEY" : "UNIQUE";
        if (index.nulls_not_distinct) sql += " NULLS NOT DISTINCT";
        const auto key_count = static_cast<std::size_t>(index.key_column_count);
        const auto column_count = static_cast<std::size_t>(index.column_count);
        sql += " (" + column_names(context, table, index.key_columns, 0, key_count);
        if (index.without_overlaps) sql += " WITHOUT OVERLAPS";
        sql += ")";
        if (key_count < column_count) {
            sql += " INCLUDE (" +
                   column_names(context, table, index.key_columns, key_count, column_count) + ")";
        }
        if (!index.reloptions.empty()) {
            sql += " WITH (" + reloptions_sql(context, index.reloptions, "") + ")";
        }
        if (index.deferrable) {
            sql += " DEFERRABLE";
            if (index.deferred) sql += " INITIALLY DEFERRED";
        }
        sql += ";\n";
    }
    if (index.is_clustered) {
        sql += "\nALTER TABLE " + context.qualify(table) + " CLUSTER ON " +
               context.quote(index.name) + ";\n";
    }
    return sql;
}

namespace {

// The partitioned tables above dumped partitions that are not dumped themselves.
std::vector<std::uint32_t> undumped_partition_ancestors(const PlanContext& context) {
    std::vector<std::uint32_t> ancestors;
    std::unordered_set<std::uint32_t> seen;
    for (const auto& relation : context.model.relations) {
        if (!relation.dumped || !relation.is_partition) continue;
        const catalog::RelationRecord* current = &relation;
        while (current != nullptr && current->is_partition) {
            auto parents = context.model.parents.find(current->id.oid);
            if (parents == context.model.parents.end() || parents->second.empty()) break;
            current = context.model.find_relation(parents->second.front());
            if (current == nullptr || current->dumped || !seen.insert(current->id.oid).second) break;
            if (current->has_index) ancestors.push_back(current->id.oid);
        }
    }
    return ancestors;
}

}  // namespace

std::error_code IndexKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> indexed;
    for (const auto& relation : context.model.relations) {
        bool readable = relation.locked || relation.relkind == 'm';
        if (relation.dumped && relation.has_index && readable) indexed.push_back(relation.id.oid);
    }
    // A partition chosen without its parent (-t) still gets its INDEX ATTACH
    // entries, as in pg_dump 15, so the parents' indexes are read too.
    for (std::uint32_t ancestor : undumped_partition_ancestors(context)) indexed.push_back(ancestor);
    if (!indexed.empty()) {
        if (std::error_code error =
                catalog::read_indexes(runner, context.model, indexed, indexes_, diagnostics)) {
            return error;
        }
    }

    std::vector<std::uint32_t> tables = context.dumped_relations("rp");
    if (tables.empty()) return {};
    return catalog::read_foreign_keys(runner, tables, foreign_keys_, diagnostics);
}

void IndexKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& index : indexes_) {
        if (index.constraint_type != '\0') add_constraint(context, graph, index);
        add_index(context, graph, index);
    }
    for (const auto& index : indexes_) index_by_oid_[index.id.oid] = &index;
    for (const auto& index : indexes_) {
        if (index.parent_index != 0) add_index_attach(context, graph, index);
    }
    for (const auto& foreign_key : foreign_keys_) add_foreign_key(context, graph, foreign_key);
    if (context.options.content.data_only) order_data_by_foreign_keys(graph);
}

void IndexKind::order_data_by_foreign_keys(ObjectGraph& graph) const {
    std::unordered_map<std::uint32_t, int> data_objects;
    for (int i = 0; i < graph.size(); ++i) {
        if (graph.at(i).type == ObjectType::table_data) data_objects[graph.at(i).id.oid] = i;
    }
    for (const auto& foreign_key : foreign_keys_) {
        auto referenced_index = index_by_oid_.find(foreign_key.referenced_index);
        if (referenced_index == index_by_oid_.end()) continue;
        auto referencing = data_objects.find(foreign_key.table_oid);
        auto referenced = data_objects.find(referenced_index->second->table_oid);
        if (referencing == data_objects.end() || referenced == data_objects.end()) continue;
        graph.add_dependency(referencing->second, referenced->second);
    }
}

void IndexKind::add_index_attach(const PlanContext& context, ObjectGraph& graph,
                                 const catalog::IndexRecord& index) {
    auto parent = index_by_oid_.find(index.parent_index);
    if (parent == index_by_oid_.end()) return;
    const catalog::IndexRecord& parent_index = *parent->second;
    const catalog::RelationRecord* table = context.model.find_relation(index.table_oid);
    const catalog::RelationRecord* parent_table = context.model.find_relation(parent_index.table_oid);
    if (table == nullptr || parent_table == nullptr) return;

    DumpObject object;
    object.type = ObjectType::index_attach;
    object.namespace_name = context.namespace_name(table->namespace_oid);
    object.name = index.name;
    object.boundary = BoundarySide::post_data;
    object.dumped = table->dumped;
    object.build_entries = [&context, table, parent_table, &index, &parent_index](
                               int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned = post_data_entry(context, *table, index.name, "INDEX ATTACH", {});
        planned.entry.definition =
            "ALTER INDEX " + context.qualify(parent_table->namespace_oid, parent_index.name) +
            " ATTACH PARTITION " + context.qualify(table->namespace_oid, index.name) + ";\n";
        entries.push_back(std::move(planned));
    };
    int attach_object = graph.add(std::move(object));
    attaches_by_parent_[parent_index.id.oid].push_back({attach_object, index.id.oid});

    // As in pg_dump, the attach waits for both indexes and both tables.
    for (catalog::CatalogId id : {index.id, parent_index.id, table->id, parent_table->id}) {
        int referenced = graph.find(id);
        if (referenced >= 0) graph.add_dependency(attach_object, referenced);
    }
}

void IndexKind::add_index(const PlanContext& context, ObjectGraph& graph,
                          const catalog::IndexRecord& index) {
    const catalog::RelationRecord* table = context.model.find_relation(index.table_oid);
    if (table == nullptr) return;

    DumpObject object;
    object.type = ObjectType::index;
    object.id = index.id;
    object.namespace_name = context.namespace_name(table->namespace_oid);
    object.name = index.name;
    object.boundary = BoundarySide::post_data;
    object.dumped = table->dumped;
    const int constraint_object =
        index.constraint_type != '\0' ? graph.find(index.constraint_id) : -1;
    object.build_entries = [&context, table, &index, constraint_object](
                               int, std::vector<PlannedEntry>& entries) {
        // A constraint's index is created by its CONSTRAINT entry.
        if (index.constraint_type == '\0') {
            PlannedEntry planned = post_data_entry(context, *table, index.name, "INDEX", index.id);
            planned.entry.definition = index_sql(context, *table, index);
            // A partition's index goes away with its parent index, so it drops nothing.
            planned.entry.drop_statement =
                index.parent_index != 0
                    ? std::string()
                    : "DROP INDEX " + context.qualify(table->namespace_oid, index.name) + ";\n";
            planned.entry.tablespace = index.tablespace;
            entries.push_back(std::move(planned));
        }

        CommentTarget target{"INDEX", context.quote(index.name),
                             context.namespace_name(table->namespace_oid),
                             context.owner_name(table->owner_oid),
                             {}};
        if (constraint_object >= 0) target.dependency_objects = std::vector<int>{constraint_object};
        add_object_comment(context, index.id, target, entries);
    };
    graph.add(std::move(object));
}

void IndexKind::add_constraint(const PlanContext& context, ObjectGraph& graph,
                               const catalog::IndexRecord& index) {
    const catalog::RelationRecord* table = context.model.find_relation(index.table_oid);
    if (table == nullptr) return;

    DumpObject object;
    object.type = ObjectType::constraint;
    object.id = index.constraint_id;
    object.namespace_name = context.namespace_name(table->namespace_oid);
    object.name = index.constraint_name;
    object.boundary = BoundarySide::post_data;
    object.dumped = table->dumped;
    object.build_entries = [&context, table, &index](int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned =
            post_data_entry(context, *table, table->name + " " + index.constraint_name,
                              "CONSTRAINT", index.constraint_id);
        planned.entry.definition = index_constraint_sql(context, *table, index);
        planned.entry.drop_statement = "ALTER TABLE ONLY " + context.qualify(*table) +
                                       " DROP CONSTRAINT " +
                                       context.quote(index.constraint_name) + ";\n";
        planned.entry.tablespace = index.tablespace;
        entries.push_back(std::move(planned));
        add_constraint_comment(context, *table, index.constraint_id, index.constraint_name,
                               entries);
    };
    graph.add(std::move(object));
}

void IndexKind::add_foreign_key(const PlanContext& context, ObjectGraph& graph,
                                const catalog::ForeignKeyRecord& foreign_key) {
    const catalog::RelationRecord* table = context.model.find_relation(foreign_key.table_oid);
    if (table == nullptr) return;

    DumpObject object;
    object.type = ObjectType::foreign_key;
    object.id = foreign_key.id;
    object.namespace_name = context.namespace_name(table->namespace_oid);
    object.name = foreign_key.name;
    object.boundary = BoundarySide::post_data;
    object.dumped = table->dumped;
    object.build_entries = [&context, table, &foreign_key](int, std::vector<PlannedEntry>& entries) {
        // A partitioned table's foreign key must reach its partitions too.
        const std::string only = table->relkind == 'p' ? "" : "ONLY ";
        const std::string name = context.qualify(*table);
        const std::string constraint = context.quote(foreign_key.name);
        PlannedEntry planned = post_data_entry(context, *table, table->name + " " + foreign_key.name,
                                                 "FK CONSTRAINT", foreign_key.id);
        planned.entry.definition = "ALTER TABLE " + only + name + "\n    ADD CONSTRAINT " +
                                   constraint + " " + foreign_key.definition + ";\n";
        planned.entry.drop_statement =
            "ALTER TABLE " + only + name + " DROP CONSTRAINT " + constraint + ";\n";
        entries.push_back(std::move(planned));
        add_constraint_comment(context, *table, foreign_key.id, foreign_key.name, entries);
    };
    int foreign_key_object = graph.add(std::move(object));

    // A key on a partitioned table is only complete once every partition's
    // index is attached, so the foreign key waits for those attachments.
    add_attach_dependencies(graph, foreign_key_object, foreign_key.referenced_index);
}

void IndexKind::add_attach_dependencies(ObjectGraph& graph, int object, std::uint32_t index_oid) {
    auto attaches = attaches_by_parent_.find(index_oid);
    if (attaches == attaches_by_parent_.end()) return;
    for (const auto& [attach_object, child_index] : attaches->second) {
        graph.add_dependency(object, attach_object);
        add_attach_dependencies(graph, object, child_index);
    }
}

}  // namespace wiredump::ddl
