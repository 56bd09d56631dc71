#pragma once

#include "catalog/catalog_model.hpp"
#include "ddl/object_kind.hpp"

#include <map>
#include <utility>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Views (VIEW) and materialized views (MATERIALIZED VIEW, and MATERIALIZED
// VIEW DATA when populated) with their comments, the defaults of view
// columns (DEFAULT) and the ON SELECT rules that pg_dump folds into CREATE
// VIEW. A view in a dependency loop of more than two objects is written with
// a dummy body, and a RULE entry replaces it with CREATE OR REPLACE VIEW.
// NOTE: the follow-up ALTERs pg_dump writes for materialized view columns
// (SET STATISTICS, SET STORAGE, attoptions) and the postponing of a
// materialized view that loops with the pre-data boundary are not done.
class ViewKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    // The ON SELECT rule of a view that is not dumped. pg_dump keeps such a
    // view and its rule in the dependency graph, and the rule's edges to the
    // tables it reads move those tables in the sort.
    struct SelectRule {
        catalog::CatalogId id;
        std::string name;
    };

    struct ViewDetails {
        std::string definition;      // pg_get_viewdef, trailing semicolon removed
        catalog::CatalogId rule_id;  // the ON SELECT rule, 0/0 when none
        std::string rule_name;
        bool separate_rule = false;  // set by loop repair
        bool populated = false;      // matviews: REFRESH after the data
        bool postponed = false;      // matviews: definition moved to post-data by loop repair
    };

private:
    std::error_code read_select_rules(catalog::QueryRunner& runner, const PlanContext& context,
                                      protocol::Diagnostics& diagnostics);
    void add_select_rule(const PlanContext& context, ObjectGraph& graph,
                         const catalog::RelationRecord& view, int view_object,
                         ViewDetails& details);
    void add_skipped_select_rule(const PlanContext& context, ObjectGraph& graph,
                                 const catalog::RelationRecord& view, int view_object);
    // Returns the graph index of the refresh object.
    int add_refresh(const PlanContext& context, ObjectGraph& graph,
                    const catalog::RelationRecord& view, int view_object,
                    const ViewDetails& details);
    void add_view_default(const PlanContext& context, ObjectGraph& graph,
                          const catalog::ColumnDefaultRecord& column_default);

    std::map<std::uint32_t, ViewDetails> details_;   // by view OID
    std::map<std::uint32_t, SelectRule> skipped_rules_;   // by OID of a view that is not dumped
    std::vector<catalog::ColumnDefaultRecord> defaults_;
    // (matview, matview it reads from), directly or through views.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> matview_references_;
};

// Builds "CREATE VIEW s.v [WITH (...)] AS\n<definition>[\n  WITH ... CHECK OPTION];\n",
// or with `dummy` a body of NULL columns of the right types, as pg_dump's
// createDummyViewAsClause writes it.
std::string create_view_sql(const PlanContext& context, const catalog::RelationRecord& view,
                            const std::string& definition, bool dummy);

// Builds the SELECT of a dummy view: one "NULL::type [COLLATE c] AS name" per column.
std::string dummy_view_body(const PlanContext& context, const catalog::RelationRecord& view);

// Builds "CREATE MATERIALIZED VIEW s.m [WITH (...)] AS\n<definition>\n  WITH NO DATA;\n".
std::string create_materialized_view_sql(const PlanContext& context,
                                         const catalog::RelationRecord& view,
                                         const std::string& definition);

}  // namespace wiredump::ddl
