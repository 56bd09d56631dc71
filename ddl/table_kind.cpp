#include "ddl/table_kind.hpp"

#include "catalog/catalog_readers.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

bool is_table(const catalog::RelationRecord& relation) {
    return relation.relkind == 'r' || relation.relkind == 'p' || relation.relkind == 'f';
}

PlannedEntry main_entry(const PlanContext& context, const catalog::RelationRecord& table,
                        std::string tag, std::string desc, dumpfmt::Section section) {
    PlannedEntry planned;
    planned.entry.tag = std::move(tag);
    planned.entry.desc = std::move(desc);
    planned.entry.section = section;
    planned.entry.namespace_name = context.namespace_name(table.namespace_oid);
    planned.entry.owner = context.owner_name(table.owner_oid);
    return planned;
}

}  // namespace

std::error_code TableKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                protocol::Diagnostics& diagnostics) {
    // First, because the rows of an extension configuration table are
    // dumped even when no table is.
    if (std::error_code error = read_table_data_rules(runner, context, diagnostics)) return error;

    std::vector<std::uint32_t> tables = context.dumped_relations("rpf");
    if (tables.empty()) return {};

    if (std::error_code error =
            catalog::read_column_defaults(runner, tables, defaults_, diagnostics)) {
        return error;
    }
    if (std::error_code error =
            catalog::read_check_constraints(runner, context.options.server_version_num, tables,
                                            checks_, diagnostics)) {
        return error;
    }

    std::vector<std::uint32_t> partitioned = context.dumped_relations("p");
    std::vector<std::uint32_t> partitions;
    for (std::uint32_t oid : tables) {
        if (context.model.find_relation(oid)->is_partition) partitions.push_back(oid);
    }
    if (std::error_code error = catalog::read_partitioning(
            runner, partitioned, partitions, partition_keys_, partition_bounds_, diagnostics)) {
        return error;
    }
    return catalog::read_foreign_tables(runner, context.dumped_relations("f"), context.model,
                                        diagnostics);
}

void TableKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    // The parts must be in place before any table is added, since the
    // builders look them up by table OID.
    for (auto& column_default : defaults_) {
        parts_[column_default.table_oid].defaults[column_default.column_number] = &column_default;
    }
    for (auto& check : checks_) parts_[check.table_oid].checks.push_back(&check);
    for (auto& [table_oid, key] : partition_keys_) parts_[table_oid].partition_key = key;

    for (const auto& relation : context.model.relations) {
        if (is_table(relation)) add_table(context, graph, relation);
    }
    order_extension_config_data(graph);

    for (auto& column_default : defaults_) {
        const catalog::RelationRecord* table = context.model.find_relation(column_default.table_oid);
        int table_object = graph.find(table->id);
        add_column_default(context, graph, *table, table_object, column_default);
    }
    for (auto& check : checks_) {
        const catalog::RelationRecord* table = context.model.find_relation(check.table_oid);
        add_check(context, graph, *table, graph.find(table->id), check);
    }
}

void TableKind::add_table(const PlanContext& context, ObjectGraph& graph,
                          const catalog::RelationRecord& table) {
    DumpObject object;
    object.type = ObjectType::table;
    object.id = table.id;
    object.namespace_name = context.namespace_name(table.namespace_oid);
    object.name = table.name;
    object.dumped = table.dumped;

    const TableParts* parts = &parts_[table.id.oid];
    object.build_entries = [&context, &table, parts](int, std::vector<PlannedEntry>& entries) {
        const std::string keyword = table_keyword(table);
        PlannedEntry planned =
            main_entry(context, table, table.name, keyword, dumpfmt::Section::pre_data);
        planned.entry.catalog_table_oid = table.id.catalog_table_oid;
        planned.entry.oid = table.id.oid;
        planned.entry.definition = create_table_sql(context, table, *parts);
        planned.entry.drop_statement = "DROP " + keyword + " " + context.qualify(table) + ";\n";
        // Foreign tables have no storage, so no tablespace either.
        if (table.relkind != 'f') planned.entry.tablespace = table.tablespace;
        // Partitioned tables have no storage, so no access method either.
        if (!table.access_method.empty()) planned.entry.table_access_method = table.access_method;
        planned.entry.relkind = table.relkind;
        entries.push_back(std::move(planned));

        const std::string owner = context.owner_name(table.owner_oid);
        const std::string schema = context.namespace_name(table.namespace_oid);
        add_object_comment(context, table.id,
                           {keyword, context.quote(table.name), schema, owner, {}}, entries);
        add_column_comment_entries(context, table, entries);
        add_relation_security_labels(context, table, keyword, entries);

        // Comments on valid not-null constraints (PostgreSQL 18) follow the column comments, as
        // in pg_dump 18. A NOT VALID one gets its comment with its own entry, like a CHECK.
        for (const auto& column : context.model.table_columns(table.id.oid)) {
            if (column.not_null_oid == 0 || !column.not_null_validated) continue;
            add_object_comment(context, {catalog::pg_constraint_oid, column.not_null_oid},
                               {"CONSTRAINT " + context.quote(column.not_null_name) + " ON",
                                context.quote(table.name), schema, owner, {}},
                               entries);
        }

        for (const auto* check : parts->checks) {
            if (check->separate || !check->is_local) continue;
            add_object_comment(context, check->id,
                               {"CONSTRAINT " + context.quote(check->name) + " ON",
                                context.quote(table.name), schema, owner, {}},
                               entries);
        }
    };
    int table_object = graph.add(std::move(object));

    auto parents = context.model.parents.find(table.id.oid);
    if (parents != context.model.parents.end()) {
        for (std::uint32_t parent : parents->second) {
            int parent_object = graph.find({catalog::pg_class_oid, parent});
            if (parent_object >= 0) graph.add_dependency(table_object, parent_object);
        }
    }
    // An extension configuration table is not dumped, but may get its rows.
    if (!table.dumped && !table.extension_config_filter) return;
    // A partitioned table's rows are dumped through its partitions. A standby
    // cannot read unlogged tables, so pg_dump skips their rows there.
    const bool readable = table.persistence != 'u' || !context.model.in_recovery;
    const bool foreign_data =
        table.relkind == 'f' &&
        context.model.selection.foreign_servers.count(table.foreign_server) != 0;
    if ((table.relkind == 'r' || foreign_data) && readable && context.dumps_data_of(table)) {
        add_table_data(context, graph, table, table_object);
    }
    if (table.dumped && table.is_partition) add_table_attach(context, graph, table, table_object);
}

void TableKind::add_table_attach(const PlanContext& context, ObjectGraph& graph,
                                 const catalog::RelationRecord& partition, int partition_object) {
    auto parents = context.model.parents.find(partition.id.oid);
    auto bound = partition_bounds_.find(partition.id.oid);
    if (parents == context.model.parents.end() || parents->second.empty() ||
        bound == partition_bounds_.end()) {
        return;
    }
    const catalog::RelationRecord* parent = context.model.find_relation(parents->second.front());
    int parent_object = graph.find({catalog::pg_class_oid, parents->second.front()});
    if (parent == nullptr || parent_object < 0) return;

    DumpObject object;
    object.type = ObjectType::table_attach;
    object.namespace_name = context.namespace_name(partition.namespace_oid);
    object.name = partition.name;
    object.id.oid = partition.id.oid;
    const std::string* bound_text = &bound->second;
    object.build_entries = [&context, &partition, parent, bound_text](
                               int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned = main_entry(context, partition, partition.name, "TABLE ATTACH",
                                          dumpfmt::Section::pre_data);
        planned.entry.definition = "ALTER TABLE ONLY " + context.qualify(*parent) +
                                   " ATTACH PARTITION " + context.qualify(partition) + " " +
                                   *bound_text + ";\n";
        entries.push_back(std::move(planned));
    };
    int attach_object = graph.add(std::move(object));
    graph.add_dependency(attach_object, partition_object);
    graph.add_dependency(attach_object, parent_object);
}

void TableKind::add_column_default(const PlanContext& context, ObjectGraph& graph,
                                   const catalog::RelationRecord& table, int table_object,
                                   catalog::ColumnDefaultRecord& column_default) {
    const catalog::ColumnRecord* column =
        context.model.find_column(table.id.oid, column_default.column_number);
    if (column == nullptr) return;

    // A default of a column that CREATE TABLE leaves out must be set afterwards.
    column_default.separate = !should_print_column(table, *column);

    DumpObject object;
    object.type = ObjectType::column_default;
    object.id = column_default.id;
    object.namespace_name = context.namespace_name(table.namespace_oid);
    object.name = table.name;
    object.sort_number = column_default.column_number;
    object.dumped = table.dumped && !column->is_dropped;
    object.owning_table = table_object;
    // A generation expression cannot be set by ALTER COLUMN ... SET DEFAULT.
    if (column->generated == '\0') {
        object.make_separate = [&column_default](DumpObject&) { column_default.separate = true; };
    }
    object.build_entries = [&context, &table, &column_default, column](
                               int, std::vector<PlannedEntry>& entries) {
        if (!column_default.separate) return;
        const std::string name = context.qualify(table);
        const std::string column_name = context.quote(column->name);
        PlannedEntry planned = main_entry(context, table, table.name + " " + column->name,
                                          "DEFAULT", dumpfmt::Section::pre_data);
        planned.entry.catalog_table_oid = column_default.id.catalog_table_oid;
        planned.entry.oid = column_default.id.oid;
        const std::string keyword = table_keyword(table);
        planned.entry.definition = "ALTER " + keyword + " ONLY " + name + " ALTER COLUMN " +
                                   column_name + " SET DEFAULT " + column_default.expression +
                                   ";\n";
        planned.entry.drop_statement = "ALTER " + keyword + " " + name + " ALTER COLUMN " +
                                       column_name + " DROP DEFAULT;\n";
        entries.push_back(std::move(planned));
    };
    int default_object = graph.add(std::move(object));

    // The table depends on its inline defaults, so whatever a default needs
    // (a sequence, a function) is created before the table. Loop repair
    // splits the default out when that is impossible.
    if (!column_default.separate) graph.add_dependency(table_object, default_object);
}

void TableKind::add_check(const PlanContext& context, ObjectGraph& graph,
                          const catalog::RelationRecord& table, int table_object,
                          catalog::CheckConstraintRecord& check) {
    DumpObject object;
    object.type = ObjectType::constraint;
    object.id = check.id;
    object.namespace_name = context.namespace_name(table.namespace_oid);
    object.name = check.name;
    object.dumped = table.dumped;
    object.owning_table = table_object;
    object.boundary = check.separate ? BoundarySide::post_data : BoundarySide::none;
    object.make_separate = [&check](DumpObject& self) {
        check.separate = true;
        self.boundary = BoundarySide::post_data;
    };
    object.build_entries = [&context, &table, &check](int, std::vector<PlannedEntry>& entries) {
        if (!check.separate || !check.is_local) return;
        const std::string name = context.qualify(table);
        const char* description = check.type == 'n' ? "CONSTRAINT" : "CHECK CONSTRAINT";
        PlannedEntry planned = main_entry(context, table, table.name + " " + check.name,
                                          description, dumpfmt::Section::post_data);
        planned.entry.catalog_table_oid = check.id.catalog_table_oid;
        planned.entry.oid = check.id.oid;
        const std::string keyword = table_keyword(table);
        planned.entry.definition = "ALTER " + keyword + " " + name + "\n    ADD CONSTRAINT " +
                                   context.quote(check.name) + " " + check.definition + ";\n";
        planned.entry.drop_statement = "ALTER " + keyword + " " + name + " DROP CONSTRAINT " +
                                       context.quote(check.name) + ";\n";
        entries.push_back(std::move(planned));

        add_object_comment(context, check.id,
                           {"CONSTRAINT " + context.quote(check.name) + " ON",
                            context.quote(table.name),
                            context.namespace_name(table.namespace_oid),
                            context.owner_name(table.owner_oid),
                            {}},
                           entries);
    };
    int check_object = graph.add(std::move(object));
    if (!check.separate) graph.add_dependency(table_object, check_object);
}

}  // namespace wiredump::ddl
