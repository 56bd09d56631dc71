#include "ddl/comment_entries.hpp"

namespace wiredump::ddl {

namespace {

PlannedEntry comment_entry(std::string tag, std::string sql, std::optional<std::string> schema,
                           std::string owner) {
    return child_entry("COMMENT", std::move(tag), std::move(sql), std::move(schema),
                       std::move(owner));
}

}  // namespace

PlannedEntry child_entry(std::string desc, std::string tag, std::string sql,
                         std::optional<std::string> schema, std::string owner) {
    PlannedEntry planned;
    planned.is_main = false;
    planned.entry.tag = std::move(tag);
    planned.entry.desc = std::move(desc);
    planned.entry.section = dumpfmt::Section::none;
    planned.entry.definition = std::move(sql);
    planned.entry.namespace_name = std::move(schema);
    planned.entry.owner = std::move(owner);
    return planned;
}

void add_comment_entry(const PlanContext& context, const CommentTarget& target,
                       const std::string& text, std::vector<PlannedEntry>& entries) {
    std::string sql = "COMMENT ON " + target.keyword + " ";
    if (target.schema) sql += context.quote(*target.schema) + ".";
    sql += target.name + " IS " + context.literal(text) + ";\n";

    PlannedEntry planned =
        comment_entry(target.keyword + " " + target.name, std::move(sql), target.schema, target.owner);
    planned.dependency_objects = target.dependency_objects;
    entries.push_back(std::move(planned));
}

void add_column_comment_entries(const PlanContext& context,
                                const catalog::RelationRecord& relation,
                                std::vector<PlannedEntry>& entries) {
    auto found = context.model.comments.find({relation.id.catalog_table_oid, relation.id.oid});
    if (found == context.model.comments.end()) return;

    for (const auto& [column_number, text] : found->second) {
        if (column_number <= 0) continue;
        const catalog::ColumnRecord* column =
            context.model.find_column(relation.id.oid, column_number);
        if (column == nullptr || column->is_dropped) continue;

        std::string column_name = context.quote(column->name);
        std::string tag = "COLUMN " + context.quote(relation.name) + "." + column_name;
        std::string sql = "COMMENT ON COLUMN " + context.qualify(relation) + "." + column_name +
                          " IS " + context.literal(text) + ";\n";
        entries.push_back(comment_entry(std::move(tag), std::move(sql),
                                        context.namespace_name(relation.namespace_oid),
                                        context.owner_name(relation.owner_oid)));
    }
}

}  // namespace wiredump::ddl
