#include "ddl/view_kind.hpp"

#include "catalog/catalog_readers.hpp"
#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

std::string view_details_query(const std::vector<std::uint32_t>& oids) {
    return "SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid) AS viewdef, "
           "r.tableoid AS rule_tableoid, r.oid AS rule_oid, r.rulename "
           "FROM pg_catalog.pg_class c "
           "LEFT JOIN pg_catalog.pg_rewrite r ON (r.ev_class = c.oid AND r.ev_type = '1' "
           "AND r.is_instead) "
           "WHERE c.oid = ANY (" + catalog::oid_array_literal(oids) + ") ORDER BY c.oid";
}

// The ON SELECT rules of every view and materialized view. Their definitions
// are not read, because pg_get_viewdef reads the current catalogs rather than
// the snapshot, and only dumped views are locked.
constexpr const char* select_rules_query =
    "SELECT r.ev_class, r.tableoid, r.oid, r.rulename "
    "FROM pg_catalog.pg_rewrite r "
    "JOIN pg_catalog.pg_class c ON c.oid = r.ev_class "
    "WHERE r.ev_type = '1' AND r.is_instead AND c.relkind IN ('v', 'm') "
    "ORDER BY r.oid";

// Pairs (matview, matview it reads from, directly or through views), as
// pg_dump's buildMatViewRefreshDependencies finds them.
std::string matview_references_query(const std::vector<std::uint32_t>& oids) {
    return "WITH RECURSIVE refs (matview, referenced, referenced_kind) AS ("
           "SELECT r.ev_class, d.refobjid, c.relkind "
           "FROM pg_catalog.pg_rewrite r "
           "JOIN pg_catalog.pg_depend d ON ("
           "d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
           "AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
           "AND d.refobjid <> r.ev_class) "
           "JOIN pg_catalog.pg_class c ON (c.oid = d.refobjid AND c.relkind IN ('m', 'v')) "
           "WHERE r.ev_class = ANY (" + catalog::oid_array_literal(oids) + ") "
           "UNION "
           "SELECT refs.matview, d.refobjid, c.relkind "
           "FROM refs "
           "JOIN pg_catalog.pg_rewrite r ON r.ev_class = refs.referenced "
           "JOIN pg_catalog.pg_depend d ON ("
           "d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
           "AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
           "AND d.refobjid <> r.ev_class) "
           "JOIN pg_catalog.pg_class c ON (c.oid = d.refobjid AND c.relkind IN ('m', 'v'))) "
           "SELECT matview, referenced FROM refs WHERE referenced_kind = 'm' "
           "ORDER BY matview, referenced";
}

// pg_get_viewdef ends the query with a semicolon; other clauses follow it.
std::string strip_semicolons(std::string definition) {
    while (!definition.empty() && definition.back() == ';') definition.pop_back();
    return definition;
}

PlannedEntry relation_entry(const PlanContext& context, const catalog::RelationRecord& view,
                            std::string tag, std::string desc, dumpfmt::Section section) {
    PlannedEntry planned;
    planned.entry.tag = std::move(tag);
    planned.entry.desc = std::move(desc);
    planned.entry.section = section;
    planned.entry.namespace_name = context.namespace_name(view.namespace_oid);
    planned.entry.owner = context.owner_name(view.owner_oid);
    return planned;
}

void build_view_entries(const PlanContext& context, const catalog::RelationRecord& view,
                        const ViewKind::ViewDetails& details, std::vector<PlannedEntry>& entries) {
    const bool materialized = view.relkind == 'm';
    const std::string keyword = materialized ? "MATERIALIZED VIEW" : "VIEW";

    const dumpfmt::Section section =
        details.postponed ? dumpfmt::Section::post_data : dumpfmt::Section::pre_data;
    PlannedEntry planned = relation_entry(context, view, view.name, keyword, section);
    planned.entry.catalog_table_oid = view.id.catalog_table_oid;
    planned.entry.oid = view.id.oid;
    planned.entry.definition =
        materialized ? create_materialized_view_sql(context, view, details.definition)
                     : create_view_sql(context, view, details.definition, details.separate_rule);
    planned.entry.drop_statement = "DROP " + keyword + " " + context.qualify(view) + ";\n";
    if (materialized) {
        planned.entry.tablespace = view.tablespace;
        planned.entry.table_access_method = view.access_method;
    }
    planned.entry.relkind = view.relkind;
    entries.push_back(std::move(planned));

    const std::string owner = context.owner_name(view.owner_oid);
    const std::string schema = context.namespace_name(view.namespace_oid);
    add_object_comment(context, view.id, {keyword, context.quote(view.name), schema, owner, {}},
                       entries);
    add_column_comment_entries(context, view, entries);
    add_relation_security_labels(context, view, keyword, entries);
}

// The RULE entry that replaces a dummy view with its real query.
void build_rule_entry(const PlanContext& context, const catalog::RelationRecord& view,
                      const ViewKind::ViewDetails& details, std::vector<PlannedEntry>& entries) {
    const std::string name = context.qualify(view);
    std::string sql = create_view_sql(context, view, details.definition, false);
    sql.replace(0, std::string("CREATE VIEW").size(), "CREATE OR REPLACE VIEW");

    PlannedEntry planned = relation_entry(context, view, view.name + " " + details.rule_name,
                                          "RULE", dumpfmt::Section::post_data);
    planned.entry.catalog_table_oid = details.rule_id.catalog_table_oid;
    planned.entry.oid = details.rule_id.oid;
    planned.entry.definition = std::move(sql);
    // A view's ON SELECT rule cannot be dropped, so dropping it puts the dummy body back.
    planned.entry.drop_statement =
        "CREATE OR REPLACE VIEW " + name + " AS\n" + dummy_view_body(context, view) + ";\n";
    entries.push_back(std::move(planned));
}

void build_refresh_entry(const PlanContext& context, const catalog::RelationRecord& view,
                         std::vector<PlannedEntry>& entries) {
    PlannedEntry planned = relation_entry(context, view, view.name, "MATERIALIZED VIEW DATA",
                                          dumpfmt::Section::post_data);
    planned.entry.oid = view.id.oid;
    planned.entry.definition = "REFRESH MATERIALIZED VIEW " + context.qualify(view) + ";\n";
    entries.push_back(std::move(planned));
}

}  // namespace

std::error_code ViewKind::read(catalog::QueryRunner& runner, PlanContext& context,
                               protocol::Diagnostics& diagnostics) {
    if (auto error = read_select_rules(runner, context, diagnostics)) return error;

    std::vector<std::uint32_t> oids = context.dumped_relations("vm");
    if (oids.empty()) return {};

    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, view_details_query(oids),
                                                "view definitions", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"oid", "viewdef", "rule_tableoid", "rule_oid", "rulename"},
                                  "view definitions", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ViewDetails& details = details_[columns.oid(row, 0)];
        details.definition = strip_semicolons(columns.text(row, 1));
        details.rule_id = {columns.oid(row, 2), columns.oid(row, 3)};
        details.rule_name = columns.text(row, 4);
    }

    std::vector<std::uint32_t> matviews = context.dumped_relations("m");
    if (!matviews.empty()) {
        protocol::QueryResult references;
        catalog::ResultColumns reference_columns;
        if (auto error = catalog::run_catalog_query(runner, matview_references_query(matviews),
                                                    "materialized view dependencies", references,
                                                    diagnostics)) {
            return error;
        }
        if (auto error = reference_columns.bind(references, {"matview", "referenced"},
                                                "materialized view dependencies", diagnostics)) {
            return error;
        }
        for (std::size_t row = 0; row < reference_columns.row_count(); ++row) {
            matview_references_.emplace_back(reference_columns.oid(row, 0),
                                             reference_columns.oid(row, 1));
        }
    }

    std::vector<std::uint32_t> views = context.dumped_relations("v");
    if (views.empty()) return {};
    return catalog::read_column_defaults(runner, views, defaults_, diagnostics);
}

std::error_code ViewKind::read_select_rules(catalog::QueryRunner& runner,
                                            const PlanContext& context,
                                            protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, select_rules_query,
                                                "ON SELECT rules of views", result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result, {"ev_class", "tableoid", "oid", "rulename"},
                                  "ON SELECT rules of views", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        const catalog::RelationRecord* view = context.model.find_relation(columns.oid(row, 0));
        if (view == nullptr || view->dumped) continue;
        skipped_rules_[view->id.oid] = {{columns.oid(row, 1), columns.oid(row, 2)},
                                        columns.text(row, 3)};
    }
    return {};
}

void ViewKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    std::map<std::uint32_t, int> refresh_objects;   // matview OID to its refresh object
    for (const auto& view : context.model.relations) {
        if (view.relkind != 'v' && view.relkind != 'm') continue;
        auto found = details_.find(view.id.oid);
        ViewDetails* details = found == details_.end() ? nullptr : &found->second;

        DumpObject object;
        object.type = ObjectType::table;
        object.id = view.id;
        object.namespace_name = context.namespace_name(view.namespace_oid);
        object.name = view.name;
        object.dumped = view.dumped && details != nullptr;
        if (object.dumped) {
            object.build_entries = [&context, &view, details](int,
                                                              std::vector<PlannedEntry>& entries) {
                build_view_entries(context, view, *details, entries);
            };
        }
        if (view.relkind == 'm' && details != nullptr) {
            object.postpone = [details](DumpObject&) { details->postponed = true; };
        }
        int view_object = graph.add(std::move(object));
        if (details == nullptr) {
            add_skipped_select_rule(context, graph, view, view_object);
            continue;
        }

        if (details->rule_id.oid != 0) add_select_rule(context, graph, view, view_object, *details);
        if (view.relkind == 'm' && context.dumps_data_of(view)) {
            details->populated = view.is_populated;
            refresh_objects[view.id.oid] = add_refresh(context, graph, view, view_object, *details);
        }
    }

    // A matview is refreshed after the matviews it reads, and cannot be
    // refreshed at all when one of those stays empty.
    for (const auto& [matview, referenced] : matview_references_) {
        auto refresh = refresh_objects.find(matview);
        auto referenced_refresh = refresh_objects.find(referenced);
        if (refresh == refresh_objects.end() || referenced_refresh == refresh_objects.end()) {
            continue;
        }
        graph.add_dependency(refresh->second, referenced_refresh->second);
        if (!details_[referenced].populated) details_[matview].populated = false;
    }

    for (const auto& column_default : defaults_) {
        add_view_default(context, graph, column_default);
    }
}

void ViewKind::add_select_rule(const PlanContext& context, ObjectGraph& graph,
                               const catalog::RelationRecord& view, int view_object,
                               ViewDetails& details) {
    // The view depends on its rule, so the tables the rule reads come first.
    // pg_depend adds the reverse edge; the loop repair for parts written
    // inside their owner's CREATE statement removes it.
    DumpObject rule;
    rule.type = ObjectType::rule;
    rule.id = details.rule_id;
    rule.namespace_name = context.namespace_name(view.namespace_oid);
    rule.name = details.rule_name;
    rule.dumped = view.dumped;
    rule.boundary = BoundarySide::none;
    rule.owning_table = view_object;
    if (view.relkind == 'v') {
        rule.make_separate = [&details](DumpObject& object) {
            details.separate_rule = true;
            object.boundary = BoundarySide::post_data;
        };
    }
    rule.build_entries = [&context, &view, &details](int, std::vector<PlannedEntry>& entries) {
        if (details.separate_rule) build_rule_entry(context, view, details, entries);
    };
    int rule_object = graph.add(std::move(rule));
    graph.add_dependency(view_object, rule_object);
}

// pg_dump 15 reads every rule (getRules) and sorts a view that is not dumped
// after its ON SELECT rule, as it does a dumped view. Neither gets an entry.
void ViewKind::add_skipped_select_rule(const PlanContext& context, ObjectGraph& graph,
                                       const catalog::RelationRecord& view, int view_object) {
    auto found = skipped_rules_.find(view.id.oid);
    if (found == skipped_rules_.end()) return;

    DumpObject rule;
    rule.type = ObjectType::rule;
    rule.id = found->second.id;
    rule.namespace_name = context.namespace_name(view.namespace_oid);
    rule.name = found->second.name;
    rule.dumped = false;
    rule.boundary = BoundarySide::none;
    rule.owning_table = view_object;
    // In a longer loop the rule moves to post-data, as a dumped view's does.
    if (view.relkind == 'v') {
        rule.make_separate = [](DumpObject& object) { object.boundary = BoundarySide::post_data; };
    }
    int rule_object = graph.add(std::move(rule));
    graph.add_dependency(view_object, rule_object);
}

int ViewKind::add_refresh(const PlanContext& context, ObjectGraph& graph,
                          const catalog::RelationRecord& view, int view_object,
                          const ViewDetails& details) {
    DumpObject refresh;
    refresh.type = ObjectType::refresh_materialized_view;
    refresh.namespace_name = context.namespace_name(view.namespace_oid);
    refresh.name = view.name;
    refresh.boundary = BoundarySide::post_data;
    refresh.build_entries = [&context, &view, &details](int, std::vector<PlannedEntry>& entries) {
        if (details.populated) build_refresh_entry(context, view, entries);
    };
    int refresh_object = graph.add(std::move(refresh));
    graph.add_dependency(refresh_object, view_object);
    return refresh_object;
}

void ViewKind::add_view_default(const PlanContext& context, ObjectGraph& graph,
                                const catalog::ColumnDefaultRecord& column_default) {
    const catalog::RelationRecord* view = context.model.find_relation(column_default.table_oid);
    if (view == nullptr) return;
    const catalog::ColumnRecord* column =
        context.model.find_column(view->id.oid, column_default.column_number);
    if (column == nullptr || column->is_dropped) return;

    DumpObject object;
    object.type = ObjectType::column_default;
    object.id = column_default.id;
    object.namespace_name = context.namespace_name(view->namespace_oid);
    object.name = view->name;
    object.sort_number = column_default.column_number;
    object.dumped = view->dumped;
    object.build_entries = [&context, view, column, &column_default](
                               int, std::vector<PlannedEntry>& entries) {
        const std::string name = context.qualify(*view);
        const std::string column_name = context.quote(column->name);
        PlannedEntry planned = relation_entry(context, *view, view->name + " " + column->name,
                                              "DEFAULT", dumpfmt::Section::pre_data);
        planned.entry.catalog_table_oid = column_default.id.catalog_table_oid;
        planned.entry.oid = column_default.id.oid;
        planned.entry.definition = "ALTER TABLE ONLY " + name + " ALTER COLUMN " + column_name +
                                   " SET DEFAULT " + column_default.expression + ";\n";
        planned.entry.drop_statement =
            "ALTER TABLE " + name + " ALTER COLUMN " + column_name + " DROP DEFAULT;\n";
        entries.push_back(std::move(planned));
    };
    int default_object = graph.add(std::move(object));
    int view_object = graph.find(view->id);
    if (view_object >= 0) graph.add_dependency(default_object, view_object);
}

}  // namespace wiredump::ddl
