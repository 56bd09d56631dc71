#include "ddl/table_sql.hpp"
#include "ddl/view_kind.hpp"

namespace wiredump::ddl {

namespace {

std::string with_options(const PlanContext& context, const catalog::RelationRecord& view) {
    if (view.reloptions.empty()) return "";
    return " WITH (" + reloptions_sql(context, view.reloptions, "") + ")";
}

}  // namespace

std::string dummy_view_body(const PlanContext& context, const catalog::RelationRecord& view) {
    std::string body = "SELECT";
    bool first = true;
    for (const auto& column : context.model.table_columns(view.id.oid)) {
        if (column.is_dropped) continue;
        if (!first) body += ",";
        first = false;
        body += "\n    NULL::" + column.type_name;
        // CREATE OR REPLACE VIEW cannot change a column's collation later.
        if (column.collation_oid != 0) {
            auto found = context.model.collation_names.find(column.collation_oid);
            if (found != context.model.collation_names.end()) body += " COLLATE " + found->second;
        }
        body += " AS " + context.quote(column.name);
    }
    return body;
}

std::string create_view_sql(const PlanContext& context, const catalog::RelationRecord& view,
                            const std::string& definition, bool dummy) {
    std::string sql = "CREATE VIEW " + context.qualify(view) + with_options(context, view) +
                      " AS\n" + (dummy ? dummy_view_body(context, view) : definition);
    if (view.check_option && !dummy) sql += "\n  WITH " + *view.check_option + " CHECK OPTION";
    return sql + ";\n";
}

std::string create_materialized_view_sql(const PlanContext& context,
                                         const catalog::RelationRecord& view,
                                         const std::string& definition) {
    std::string sql = "CREATE MATERIALIZED VIEW " + context.qualify(view);
    if (!view.reloptions.empty() || !view.toast_reloptions.empty()) {
        std::string options = reloptions_sql(context, view.reloptions, "");
        std::string toast = reloptions_sql(context, view.toast_reloptions, "toast.");
        sql += "\nWITH (" + options + (options.empty() || toast.empty() ? "" : ", ") + toast + ")";
    }
    return sql + " AS\n" + definition + "\n  WITH NO DATA;\n";
}

}  // namespace wiredump::ddl
