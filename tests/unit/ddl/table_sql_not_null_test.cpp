#include "ddl/table_sql.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

// Expected SQL is what pg_restore 18.6 printed for pg_dump 18.6's archive of the same tables on a
// PostgreSQL 18.4 server.

namespace {

PlanContext make_context_18() {
    PlanContext context = make_context();
    context.options.server_version_num = 180004;
    context.model.server_version_num = 180004;
    return context;
}

catalog::ColumnRecord& add_not_null_column(PlanContext& context, std::uint32_t table_oid,
                                           std::string name, std::string constraint_name) {
    auto& column = add_column(context, table_oid, std::move(name), "integer");
    column.not_null = true;
    column.not_null_name = std::move(constraint_name);
    column.not_null_is_local = true;
    return column;
}

}  // namespace

TEST_CASE("not-null constraint names on 18", "[ddl][table]") {
    PlanContext context = make_context_18();
    auto& table = add_table(context, 16600, "constraints_18");
    add_not_null_column(context, 16600, "id", "id_required");
    add_not_null_column(context, 16600, "plain", "constraints_18_plain_not_null");
    add_not_null_column(context, 16600, "note", "constraints_18_note_not_null").not_null_no_inherit = true;

    CHECK(create_table_sql(context, table, {}) ==
          "CREATE TABLE inv.constraints_18 (\n"
          "    id integer CONSTRAINT id_required NOT NULL,\n"
          "    plain integer NOT NULL,\n"
          "    note integer NOT NULL NO INHERIT\n"
          ");\n");
}

TEST_CASE("not-null constraint names before 18", "[ddl][table]") {
    // A server before 18 has no constraint names, so a name read by mistake must not show.
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "t");
    add_not_null_column(context, 16600, "id", "id_required");

    CHECK(create_table_sql(context, table, {}) == "CREATE TABLE inv.t (\n    id integer NOT NULL\n);\n");
}

TEST_CASE("virtual generated column on 18", "[ddl][table]") {
    PlanContext context = make_context_18();
    auto& table = add_table(context, 16600, "t");
    add_column(context, 16600, "id", "integer");
    add_column(context, 16600, "doubled", "integer").generated = 'v';
    catalog::ColumnDefaultRecord expression;
    expression.column_number = 2;
    expression.expression = "(id * 2)";
    TableParts parts;
    parts.defaults[2] = &expression;

    CHECK(create_table_sql(context, table, parts) ==
          "CREATE TABLE inv.t (\n"
          "    id integer,\n"
          "    doubled integer GENERATED ALWAYS AS ((id * 2))\n"
          ");\n");
}

TEST_CASE("local not-null on inherited column", "[ddl][table]") {
    PlanContext context = make_context_18();
    add_table(context, 16600, "parent");
    add_not_null_column(context, 16600, "id", "parent_id_not_null");
    add_not_null_column(context, 16600, "label", "parent_label_not_null");
    add_table(context, 16601, "child_18");
    // The child inherits both columns. It declares label's constraint itself, which keeps the
    // parent's name.
    auto& id = add_not_null_column(context, 16601, "id", "parent_id_not_null");
    id.is_local = false;
    id.not_null_is_local = false;
    add_not_null_column(context, 16601, "label", "parent_label_not_null").is_local = false;
    add_column(context, 16601, "extra", "text");
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.child_18 (\n"
          "    CONSTRAINT parent_label_not_null NOT NULL label,\n"
          "    extra text\n"
          ")\n"
          "INHERITS (inv.parent);\n");
}

TEST_CASE("inherited not-null left to parent on 18", "[ddl][table]") {
    PlanContext context = make_context_18();
    add_table(context, 16600, "parent_18");
    add_not_null_column(context, 16600, "id", "parent_18_id_named");
    add_table(context, 16601, "heir_18");
    auto& id = add_not_null_column(context, 16601, "id", "parent_18_id_named");
    id.is_local = false;
    id.not_null_is_local = false;
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.heir_18 (\n)\nINHERITS (inv.parent_18);\n");
}

TEST_CASE("NOT VALID not-null stays out of columns", "[ddl][table]") {
    PlanContext context = make_context_18();
    add_table(context, 16600, "nv");
    add_not_null_column(context, 16600, "a", "nv_a_nn").not_null_validated = false;
    add_table(context, 16601, "nvc");
    // The child's own copy is valid: the child was empty when the parent got the constraint.
    auto& inherited = add_not_null_column(context, 16601, "a", "nv_a_nn");
    inherited.is_local = false;
    inherited.not_null_is_local = false;
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[0], {}) ==
          "CREATE TABLE inv.nv (\n    a integer\n);\n");
    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.nvc (\n    CONSTRAINT nv_a_nn NOT NULL a\n)\nINHERITS (inv.nv);\n");
}

TEST_CASE("commented not-null keeps default name", "[ddl][table]") {
    PlanContext context = make_context_18();
    auto& table = add_table(context, 16600, "cv");
    add_not_null_column(context, 16600, "b", "cv_b_not_null").not_null_oid = 16390;
    context.model.comments[{catalog::pg_constraint_oid, 16390}][0] = "nn b";

    CHECK(create_table_sql(context, table, {}) ==
          "CREATE TABLE inv.cv (\n    b integer CONSTRAINT cv_b_not_null NOT NULL\n);\n");
}
