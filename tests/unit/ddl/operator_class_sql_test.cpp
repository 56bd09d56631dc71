#include "ddl/operator_class_sql.hpp"
#include "ddl/plan_context.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Unless a test states otherwise, expected SQL is what pg_restore 15.20 printed for pg_dump 15.20's archive
// of the same operator classes and families on a PostgreSQL 15.20 server.

namespace {

OperatorClassRecord operator_class(std::string name, std::string method, bool is_family) {
    OperatorClassRecord record;
    record.is_family = is_family;
    record.id = {is_family ? 2753u : 2616u, 16514};
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.access_method = std::move(method);
    record.dumped = true;
    return record;
}

}  // namespace

TEST_CASE("operator class with members", "[operator_class_sql]") {
    PlanContext context = make_context();
    OperatorClassRecord record = operator_class("int_ops", "btree", false);
    record.input_type = "integer";
    record.family_schema = "inv";
    record.family_name = "fam";
    record.operators = {{"1", "<(integer,integer)", {}, {}}, {"2", "<=(integer,integer)", {}, {}}};
    record.functions = {{"1", "btint4cmp(integer,integer)", "integer", "integer"}};

    CHECK(create_operator_class_sql(context, record) ==
          "CREATE OPERATOR CLASS inv.int_ops\n"
          "    FOR TYPE integer USING btree FAMILY inv.fam AS\n"
          "    OPERATOR 1 <(integer,integer) ,\n"
          "    OPERATOR 2 <=(integer,integer) ,\n"
          "    FUNCTION 1 (integer, integer) btint4cmp(integer,integer);\n");
    CHECK(drop_operator_class_sql(context, record) ==
          "DROP OPERATOR CLASS inv.int_ops USING btree;\n");
    CHECK(operator_class_desc(record) == "OPERATOR CLASS");
    CHECK(operator_class_comment_name(context, record) == "int_ops USING btree");
}

TEST_CASE("operator class without members", "[operator_class_sql]") {
    // pg_dump writes a STORAGE clause of the input type so that AS is not empty.
    PlanContext context = make_context();
    OperatorClassRecord record = operator_class("mood_hash", "hash", false);
    record.input_type = "inv.mood";
    record.is_default = true;
    record.family_schema = "inv";
    record.family_name = "mood_hash";

    CHECK(create_operator_class_sql(context, record) ==
          "CREATE OPERATOR CLASS inv.mood_hash\n"
          "    DEFAULT FOR TYPE inv.mood USING hash FAMILY inv.mood_hash AS\n"
          "    STORAGE inv.mood;\n");
}

TEST_CASE("operator class storage type first", "[operator_class_sql]") {
    // Hand-built: the order follows pg_dump 15's dumpOpclass, STORAGE before
    // the members, but no server produced this class.
    PlanContext context = make_context();
    OperatorClassRecord record = operator_class("seg_ops", "gist", false);
    record.input_type = "integer";
    record.storage_type = "bigint";
    record.family_schema = "inv";
    record.family_name = "seg_ops";
    record.functions = {{"1", "f(integer)", "integer", "integer"}};

    CHECK(create_operator_class_sql(context, record) ==
          "CREATE OPERATOR CLASS inv.seg_ops\n"
          "    FOR TYPE integer USING gist FAMILY inv.seg_ops AS\n"
          "    STORAGE bigint ,\n"
          "    FUNCTION 1 (integer, integer) f(integer);\n");
}

TEST_CASE("operator family loose members", "[operator_class_sql]") {
    PlanContext context = make_context();
    OperatorClassRecord record = operator_class("cube_gist_ops2", "gist", true);
    record.operators = {
        {"3", "public.&&(public.cube,public.cube)", {}, {}},
        {"15", "public.<->(public.cube,public.cube)", "pg_catalog", "float_ops"}};
    record.functions = {{"8", "public.g_cube_distance(internal,public.cube,smallint,oid,internal)",
                         "public.cube", "public.cube"}};

    CHECK(create_operator_class_sql(context, record) ==
          "CREATE OPERATOR FAMILY inv.cube_gist_ops2 USING gist;\n"
          "ALTER OPERATOR FAMILY inv.cube_gist_ops2 USING gist ADD\n"
          "    OPERATOR 3 public.&&(public.cube,public.cube) ,\n"
          "    OPERATOR 15 public.<->(public.cube,public.cube) FOR ORDER BY pg_catalog.float_ops ,\n"
          "    FUNCTION 8 (public.cube, public.cube) "
          "public.g_cube_distance(internal,public.cube,smallint,oid,internal);\n");
    CHECK(drop_operator_class_sql(context, record) ==
          "DROP OPERATOR FAMILY inv.cube_gist_ops2 USING gist;\n");
    CHECK(operator_class_desc(record) == "OPERATOR FAMILY");
}

TEST_CASE("operator family empty", "[operator_class_sql]") {
    PlanContext context = make_context();
    OperatorClassRecord record = operator_class("empty_fam", "hash", true);

    CHECK(create_operator_class_sql(context, record) ==
          "CREATE OPERATOR FAMILY inv.empty_fam USING hash;\n");
}
