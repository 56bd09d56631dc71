#include "ddl/publication_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

std::string publications_query(int server_version_num) {
    std::string sql = "SELECT p.tableoid, p.oid, p.pubname, p.pubowner, p.puballtables, "
                      "p.pubinsert, p.pubupdate, p.pubdelete, ";
    sql += server_version_num >= 110000 ? "p.pubtruncate, " : "false AS pubtruncate, ";
    sql += server_version_num >= 130000 ? "p.pubviaroot, " : "false AS pubviaroot, ";
    sql += server_version_num >= 180000 ? "p.pubgencols " : "'n' AS pubgencols ";
    return sql + "FROM pg_catalog.pg_publication p ORDER BY p.oid";
}

// Row filters and column lists exist from PostgreSQL 15 on. The column names
// come back in the order pg_dump 15's query returns them.
std::string publication_tables_query(int server_version_num,
                                     const std::vector<std::uint32_t>& tables) {
    std::string sql = "SELECT pr.tableoid, pr.oid, pr.prpubid, pr.prrelid, ";
    if (server_version_num >= 150000) {
        sql += "pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) AS prrelqual, "
               "(CASE WHEN pr.prattrs IS NOT NULL THEN (SELECT pg_catalog.array_agg(attname) "
               "FROM pg_catalog.generate_series(0, "
               "pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s, "
               "pg_catalog.pg_attribute WHERE attrelid = pr.prrelid AND attnum = prattrs[s]) "
               "ELSE NULL END) AS prattrs ";
    } else {
        sql += "NULL AS prrelqual, NULL AS prattrs ";
    }
    return sql + "FROM pg_catalog.pg_publication_rel pr WHERE pr.prrelid = ANY (" +
           catalog::oid_array_literal(tables) + ") ORDER BY pr.oid";
}

constexpr const char* publication_schemas_query =
    "SELECT tableoid, oid, pnpubid, pnnspid FROM pg_catalog.pg_publication_namespace "
    "ORDER BY oid";

void build_publication_entries(const PlanContext& context,
                               const PublicationKind::PublicationRecord& publication,
                               std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(publication.owner_oid);
    const std::string name = context.quote(publication.name);

    PlannedEntry planned = start_object_entry(publication.id, publication.name, "PUBLICATION",
                                              dumpfmt::Section::post_data, std::nullopt, owner);
    planned.entry.definition = create_publication_sql(context, publication);
    planned.entry.drop_statement = "DROP PUBLICATION " + name + ";\n";
    entries.push_back(std::move(planned));

    const CommentTarget target{"PUBLICATION", name, std::nullopt, owner, {}};
    add_object_comment(context, publication.id, target, entries);
    add_object_security_labels(context, publication.id, target, entries);
}

PlannedEntry member_entry(catalog::CatalogId id, std::string tag, const char* desc,
                          std::string schema, std::string owner, std::string definition) {
    PlannedEntry planned = start_object_entry(id, std::move(tag), desc, dumpfmt::Section::post_data,
                                              std::move(schema), std::move(owner));
    planned.entry.definition = std::move(definition);
    return planned;
}

void add_dependency_on(ObjectGraph& graph, int object, catalog::CatalogId referenced) {
    int referenced_object = graph.find(referenced);
    if (referenced_object >= 0) graph.add_dependency(object, referenced_object);
}

}  // namespace

std::string create_publication_sql(const PlanContext& context,
                                   const PublicationKind::PublicationRecord& publication) {
    std::string sql = "CREATE PUBLICATION " + context.quote(publication.name);
    if (publication.all_tables) sql += " FOR ALL TABLES";

    std::string actions;
    auto add_action = [&actions](bool enabled, const char* action) {
        if (!enabled) return;
        if (!actions.empty()) actions += ", ";
        actions += action;
    };
    add_action(publication.publish_insert, "insert");
    add_action(publication.publish_update, "update");
    add_action(publication.publish_delete, "delete");
    add_action(publication.publish_truncate, "truncate");
    sql += " WITH (publish = '" + actions + "'";

    if (publication.via_partition_root) sql += ", publish_via_partition_root = true";
    if (publication.publish_generated_stored) sql += ", publish_generated_columns = stored";
    return sql + ");\n";
}

std::string publication_table_sql(const PlanContext& context,
                                  const PublicationKind::PublicationRecord& publication,
                                  const catalog::RelationRecord& table,
                                  const PublicationKind::PublicationTableRecord& member) {
    std::string sql = "ALTER PUBLICATION " + context.quote(publication.name) +
                      " ADD TABLE ONLY " + context.qualify(table);
    if (!member.columns.empty()) {
        sql += " (";
        for (std::size_t i = 0; i < member.columns.size(); ++i) {
            if (i > 0) sql += ", ";
            sql += context.quote(member.columns[i]);
        }
        sql += ")";
    }
    if (member.row_filter) sql += " WHERE (" + *member.row_filter + ")";
    return sql + ";\n";
}

std::string publication_schema_sql(const PlanContext& context,
                                   const PublicationKind::PublicationRecord& publication,
                                   const std::string& schema_name) {
    return "ALTER PUBLICATION " + context.quote(publication.name) + " ADD TABLES IN SCHEMA " +
           context.quote(schema_name) + ";\n";
}

std::error_code PublicationKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                      protocol::Diagnostics& diagnostics) {
    // Publications exist from PostgreSQL 10 on.
    if (context.options.server_version_num < 100000) return {};

    if (auto error = read_publications(runner, context, diagnostics)) return error;
    if (publications_.empty()) return {};
    if (auto error = read_tables(runner, context, diagnostics)) return error;
    return read_schemas(runner, context, diagnostics);
}

std::error_code PublicationKind::read_publications(catalog::QueryRunner& runner,
                                                   const PlanContext& context,
                                                   protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(
            runner, publications_query(context.options.server_version_num),
            "publications (pg_publication)", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "pubname", "pubowner", "puballtables",
                                   "pubinsert", "pubupdate", "pubdelete", "pubtruncate",
                                   "pubviaroot", "pubgencols"},
                                  "publications", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        PublicationRecord publication;
        publication.id = {columns.oid(row, 0), columns.oid(row, 1)};
        publication.name = columns.text(row, 2);
        publication.owner_oid = columns.oid(row, 3);
        publication.all_tables = columns.boolean(row, 4);
        publication.publish_insert = columns.boolean(row, 5);
        publication.publish_update = columns.boolean(row, 6);
        publication.publish_delete = columns.boolean(row, 7);
        publication.publish_truncate = columns.boolean(row, 8);
        publication.via_partition_root = columns.boolean(row, 9);
        publication.publish_generated_stored = columns.text(row, 10) == "s";
        if (is_extension_member(context.model, publication.id)) continue;
        publications_.push_back(std::move(publication));
    }
    return {};
}

// pg_dump 15 adds only tables (relkind r and p) that it dumps.
std::error_code PublicationKind::read_tables(catalog::QueryRunner& runner,
                                             const PlanContext& context,
                                             protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> tables = context.dumped_relations("rp");
    if (tables.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(
            runner, publication_tables_query(context.options.server_version_num, tables),
            "publication tables (pg_publication_rel)", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "prpubid", "prrelid", "prrelqual",
                                   "prattrs"},
                                  "publication tables", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        PublicationTableRecord member;
        member.id = {columns.oid(row, 0), columns.oid(row, 1)};
        member.publication_oid = columns.oid(row, 2);
        member.table_oid = columns.oid(row, 3);
        member.row_filter = columns.optional_text(row, 4);
        if (!columns.is_null(row, 5)) member.columns = catalog::parse_text_array(columns.text(row, 5));
        if (find_publication(member.publication_oid) == nullptr) continue;
        tables_.push_back(std::move(member));
    }
    return {};
}

// Schemas in publications exist from PostgreSQL 15 on.
std::error_code PublicationKind::read_schemas(catalog::QueryRunner& runner,
                                              const PlanContext& context,
                                              protocol::Diagnostics& diagnostics) {
    if (context.options.server_version_num < 150000) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, publication_schemas_query,
                                                "publication schemas (pg_publication_namespace)",
                                                result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result, {"tableoid", "oid", "pnpubid", "pnnspid"},
                                  "publication schemas", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        PublicationSchemaRecord member;
        member.id = {columns.oid(row, 0), columns.oid(row, 1)};
        member.publication_oid = columns.oid(row, 2);
        member.namespace_oid = columns.oid(row, 3);
        const catalog::NamespaceRecord* schema = context.model.find_namespace(member.namespace_oid);
        if (schema == nullptr || !schema->dumped) continue;
        if (find_publication(member.publication_oid) == nullptr) continue;
        schemas_.push_back(member);
    }
    return {};
}

const PublicationKind::PublicationRecord* PublicationKind::find_publication(
    std::uint32_t oid) const {
    for (const auto& publication : publications_) {
        if (publication.id.oid == oid) return &publication;
    }
    return nullptr;
}

void PublicationKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& publication : publications_) {
        DumpObject object;
        object.type = ObjectType::publication;
        object.id = publication.id;
        object.name = publication.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, &publication](int, std::vector<PlannedEntry>& entries) {
            build_publication_entries(context, publication, entries);
        };
        graph.add(std::move(object));
    }

    for (const auto& member : tables_) {
        const PublicationRecord* publication = find_publication(member.publication_oid);
        const catalog::RelationRecord* table = context.model.find_relation(member.table_oid);
        if (publication == nullptr || table == nullptr) continue;

        DumpObject object;
        object.type = ObjectType::publication_relation;
        object.id = member.id;
        object.namespace_name = context.namespace_name(table->namespace_oid);
        object.name = table->name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, publication, table, &member](
                                   int, std::vector<PlannedEntry>& entries) {
            entries.push_back(member_entry(member.id, publication->name + " " + table->name,
                                           "PUBLICATION TABLE",
                                           context.namespace_name(table->namespace_oid),
                                           context.owner_name(publication->owner_oid),
                                           publication_table_sql(context, *publication, *table,
                                                                 member)));
        };
        int member_object = graph.add(std::move(object));
        add_dependency_on(graph, member_object, publication->id);
        add_dependency_on(graph, member_object, table->id);
    }

    for (const auto& member : schemas_) {
        const PublicationRecord* publication = find_publication(member.publication_oid);
        const std::string schema = context.namespace_name(member.namespace_oid);

        DumpObject object;
        object.type = ObjectType::publication_schema;
        object.id = member.id;
        object.name = schema;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, publication, schema, &member](
                                   int, std::vector<PlannedEntry>& entries) {
            entries.push_back(member_entry(member.id, publication->name + " " + schema,
                                           "PUBLICATION TABLES IN SCHEMA", schema,
                                           context.owner_name(publication->owner_oid),
                                           publication_schema_sql(context, *publication, schema)));
        };
        int member_object = graph.add(std::move(object));
        add_dependency_on(graph, member_object, publication->id);
        add_dependency_on(graph, member_object, {catalog::pg_namespace_oid, member.namespace_oid});
    }
}

}  // namespace wiredump::ddl
