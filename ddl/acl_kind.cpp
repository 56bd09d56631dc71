#include "ddl/acl_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"

#include <unordered_map>
#include <unordered_set>

namespace wiredump::ddl {

namespace {

constexpr const char* initial_acls_query =
    "SELECT objoid, classoid, objsubid, initprivs FROM pg_catalog.pg_init_privs";

std::string column_acls_query(const std::vector<std::uint32_t>& oids) {
    return "SELECT a.attrelid, a.attname, a.attacl, pip.initprivs "
           "FROM pg_catalog.pg_attribute a "
           "LEFT JOIN pg_catalog.pg_init_privs pip ON (a.attrelid = pip.objoid AND "
           "pip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "
           "a.attnum = pip.objsubid) "
           "WHERE a.attrelid = ANY (" + catalog::oid_array_literal(oids) + ") "
           "AND NOT a.attisdropped AND a.attnum > 0 "
           "AND (a.attacl IS NOT NULL OR pip.initprivs IS NOT NULL) "
           "ORDER BY a.attrelid, a.attnum";
}

// OIDs of the relations that belong to dumped extensions.
std::unordered_set<std::uint32_t> dumped_extension_relations(const PlanContext& context) {
    std::unordered_set<std::uint32_t> dumped_extensions;
    for (const auto& extension : context.model.extensions) {
        if (extension.dumped) dumped_extensions.insert(extension.id.oid);
    }
    std::unordered_set<std::uint32_t> relations;
    for (const auto& member : context.model.extension_members) {
        if (member.member.catalog_table_oid == catalog::pg_class_oid &&
            dumped_extensions.count(member.extension_oid) != 0) {
            relations.insert(member.member.oid);
        }
    }
    return relations;
}

std::string add_context(std::string_view what, std::string_view object,
                        const std::error_code& error) {
    return "could not build the GRANT statements of " + std::string(what) + " " +
           std::string(object) + ": " + error.message();
}

}  // namespace

std::error_code AclKind::read(catalog::QueryRunner& runner, PlanContext& context,
                              protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, initial_acls_query,
                                                "initial privileges (pg_init_privs)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result, {"objoid", "classoid", "objsubid", "initprivs"},
                                  "initial privileges", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        initial_acls_[{columns.oid(row, 1), columns.oid(row, 0), columns.integer(row, 2)}] =
            columns.text(row, 3);
    }

    extension_relations_ = dumped_extension_relations(context);
    std::vector<std::uint32_t> relations = context.dumped_relations("rpvmfS");
    for (const auto& relation : context.model.relations) {
        if (is_acl_only(context, relation)) relations.push_back(relation.id.oid);
    }
    if (!relations.empty()) {
        protocol::QueryResult column_result;
        if (auto error = catalog::run_catalog_query(runner, column_acls_query(relations),
                                                    "column privileges", column_result,
                                                    diagnostics)) {
            return error;
        }
        catalog::ResultColumns column_columns;
        if (auto error = column_columns.bind(column_result,
                                             {"attrelid", "attname", "attacl", "initprivs"},
                                             "column privileges", diagnostics)) {
            return error;
        }
        for (std::size_t row = 0; row < column_columns.row_count(); ++row) {
            column_acls_.push_back({column_columns.oid(row, 0), column_columns.text(row, 1),
                                    column_columns.optional_text(row, 2),
                                    column_columns.optional_text(row, 3)});
        }
    }
    return build_relation_acls(context, diagnostics);
}

bool AclKind::is_acl_only(const PlanContext& context,
                          const catalog::RelationRecord& relation) const {
    if (relation.dumped || relation.relkind == 'c') return false;
    return context.namespace_name(relation.namespace_oid) == "pg_catalog" ||
           extension_relations_.count(relation.id.oid) != 0;
}

std::error_code AclKind::build_relation_acls(const PlanContext& context,
                                             protocol::Diagnostics& diagnostics) {
    auto initial = [this](catalog::CatalogId id, std::int64_t subid) -> std::optional<std::string> {
        auto found = initial_acls_.find({id.catalog_table_oid, id.oid, subid});
        if (found == initial_acls_.end()) return std::nullopt;
        return found->second;
    };

    for (const auto& schema : context.model.namespaces) {
        // pg_catalog is never created, but changes to its ACL are dumped.
        if (!schema.dumped && schema.name != "pg_catalog") continue;
        if (!schema.dumped) {
            acl_only_[{schema.id.catalog_table_oid, schema.id.oid}] = {
                ObjectType::namespace_object, std::nullopt, schema.name};
        }
        AclTarget target{"SCHEMA", context.quote(schema.name), {}, {},
                         context.owner_name(schema.owner_oid), {}};
        AclSource source{schema.acl, schema.acl_default, initial(schema.id, 0)};
        // pg_dump 15 ignores pg_init_privs for "public" and assumes the
        // privileges initdb 15 gives it, with the current owner as grantor.
        if (schema.name == "public") source.initial_acl = public_schema_base_acl(target.owner);

        std::string sql;
        if (auto error = acl_statements(context, target, source, sql)) {
            diagnostics.set_client_message(add_context("schema", schema.name, error));
            return error;
        }
        add_acl_entry(target, sql, entries_[{schema.id.catalog_table_oid, schema.id.oid}]);
    }

    std::unordered_map<std::uint32_t, std::vector<const ColumnAcl*>> columns_by_table;
    for (const auto& column : column_acls_) columns_by_table[column.table_oid].push_back(&column);

    for (const auto& relation : context.model.relations) {
        const bool acl_only = is_acl_only(context, relation);
        if ((!relation.dumped && !acl_only) || relation.relkind == 'c') continue;
        if (acl_only) {
            acl_only_[{relation.id.catalog_table_oid, relation.id.oid}] = {
                ObjectType::table, context.namespace_name(relation.namespace_oid), relation.name};
        }
        std::string owner = context.owner_name(relation.owner_oid);
        std::string schema = context.namespace_name(relation.namespace_oid);
        std::string name = context.quote(relation.name);
        auto& entries = entries_[{relation.id.catalog_table_oid, relation.id.oid}];

        AclTarget target{relation.relkind == 'S' ? "SEQUENCE" : "TABLE", name, {}, schema, owner,
                         {}};
        std::string sql;
        if (auto error = acl_statements(context, target,
                                        {relation.acl, relation.acl_default,
                                         initial(relation.id, 0)},
                                        sql)) {
            diagnostics.set_client_message(add_context("table", relation.name, error));
            return error;
        }
        add_acl_entry(target, sql, entries);
        const bool has_table_acl = !sql.empty();

        // Column baselines are empty: columns have no default privileges.
        for (const ColumnAcl* column : columns_by_table[relation.id.oid]) {
            AclTarget column_target{"TABLE", name, context.quote(column->column_name), schema,
                                    owner, {}};
            std::string column_sql;
            if (auto error = acl_statements(context, column_target,
                                            {column->acl, "{}", column->initial_acl},
                                            column_sql)) {
                diagnostics.set_client_message(
                    add_context("column", relation.name + "." + column->column_name, error));
                return error;
            }
            add_acl_entry(column_target, column_sql, entries);
            // The table's ACL comes first, because its REVOKEs also remove
            // column privileges. It is the first entry of `entries`.
            if (has_table_acl && !column_sql.empty()) {
                entries.back().earlier_entries.push_back(static_cast<int>(entries.size()) - 1);
            }
        }
    }
    return {};
}

void AclKind::add_objects(const PlanContext&, ObjectGraph& graph) {
    for (auto& [key, acl_entries] : entries_) {
        if (acl_entries.empty()) continue;
        const std::vector<PlannedEntry>* extra = &acl_entries;

        int index = graph.find({key.first, key.second});
        auto acl_only = acl_only_.find(key);
        if (acl_only != acl_only_.end() && index >= 0) {
            // The object is written only as its ACL entries, where it sorts.
            DumpObject& object = graph.at(index);
            object.dumped = true;
            object.acl_only = true;
            object.build_entries = [extra](int, std::vector<PlannedEntry>& entries) {
                entries.insert(entries.end(), extra->begin(), extra->end());
            };
            continue;
        }
        if (acl_only != acl_only_.end()) {
            // No other kind added the object, so a stand-in that is not
            // indexed by catalog id writes its ACL entries where it would sort.
            DumpObject carrier;
            carrier.type = acl_only->second.type;
            carrier.id = {0, key.second};
            carrier.namespace_name = acl_only->second.namespace_name;
            carrier.name = acl_only->second.name;
            carrier.boundary = BoundarySide::none;
            carrier.build_entries = [extra](int, std::vector<PlannedEntry>& entries) {
                entries.insert(entries.end(), extra->begin(), extra->end());
            };
            graph.add(std::move(carrier));
            continue;
        }
        if (index < 0) continue;

        DumpObject& object = graph.at(index);
        EntryBuilder original = std::move(object.build_entries);
        object.build_entries = [original, extra](int self, std::vector<PlannedEntry>& entries) {
            if (original) original(self, entries);
            entries.insert(entries.end(), extra->begin(), extra->end());
        };
    }
}

}  // namespace wiredump::ddl
