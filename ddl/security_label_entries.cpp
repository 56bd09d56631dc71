#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

std::string label_statement(const PlanContext& context, const catalog::SecurityLabelRecord& label,
                            const std::string& target) {
    return "SECURITY LABEL FOR " + context.quote(label.provider) + " ON " + target + " IS " +
           context.literal(label.label) + ";\n";
}

PlannedEntry label_entry(std::string tag, std::string sql, std::optional<std::string> schema,
                         std::string owner) {
    return child_entry("SECURITY LABEL", std::move(tag), std::move(sql), std::move(schema),
                       std::move(owner));
}

}  // namespace

void add_object_security_labels(const PlanContext& context, catalog::CatalogId id,
                                const CommentTarget& target, std::vector<PlannedEntry>& entries) {
    std::string object = target.keyword + " ";
    if (target.schema) object += context.quote(*target.schema) + ".";
    object += target.name;

    std::string sql;
    for (const auto& label : context.model.object_security_labels(id)) {
        if (label.subid == 0) sql += label_statement(context, label, object);
    }
    if (sql.empty()) return;

    PlannedEntry planned =
        label_entry(target.keyword + " " + target.name, std::move(sql), target.schema, target.owner);
    planned.dependency_objects = target.dependency_objects;
    entries.push_back(std::move(planned));
}

void add_relation_security_labels(const PlanContext& context,
                                  const catalog::RelationRecord& relation,
                                  const std::string& keyword, std::vector<PlannedEntry>& entries) {
    const std::string qualified = context.qualify(relation);

    std::string sql;
    for (const auto& label : context.model.object_security_labels(relation.id)) {
        if (label.subid == 0) {
            sql += label_statement(context, label, keyword + " " + qualified);
            continue;
        }
        // NOTE: pg_dump 15 also writes labels on system columns (negative sub-ids, such as
        // ctid). They are skipped here, as are labels on columns that were not read.
        const catalog::ColumnRecord* column = context.model.find_column(relation.id.oid, label.subid);
        if (column == nullptr) continue;
        sql += label_statement(context, label, "COLUMN " + qualified + "." + context.quote(column->name));
    }
    if (sql.empty()) return;

    entries.push_back(label_entry(keyword + " " + context.quote(relation.name), std::move(sql),
                                  context.namespace_name(relation.namespace_oid),
                                  context.owner_name(relation.owner_oid)));
}

std::string database_security_labels_sql(const PlanContext& context) {
    const std::string target = "DATABASE " + context.quote(context.model.database.name);
    std::string sql;
    for (const auto& label : context.model.database_security_labels) {
        sql += label_statement(context, label, target);
    }
    return sql;
}

}  // namespace wiredump::ddl
