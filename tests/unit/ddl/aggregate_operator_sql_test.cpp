#include "ddl/aggregate_sql.hpp"
#include "ddl/operator_sql.hpp"
#include "ddl/plan_context.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Unless a test states otherwise, expected SQL is what pg_restore 15.20 printed for pg_dump 15.20's archive
// of the same aggregates and operators on a PostgreSQL 15.20 server.

namespace {

AggregateRecord aggregate(std::string name, std::string arguments) {
    AggregateRecord record;
    record.id = {1255, 16502};
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.arguments = arguments;
    record.identity_arguments = std::move(arguments);
    record.dumped = true;
    return record;
}

OperatorRecord binary_operator(std::string name, std::string function) {
    OperatorRecord record;
    record.id = {2617, 16508};
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.function = std::move(function);
    record.left_type = "double precision";
    record.right_type = "double precision";
    record.dumped = true;
    return record;
}

}  // namespace

TEST_CASE("aggregate with initial value", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("comma_join", "text");
    record.argument_types = {"text"};
    record.transition_function = "inv.concat_state";
    record.transition_type = "text";
    record.initial_value = "";

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.comma_join(text) (\n"
          "    SFUNC = inv.concat_state,\n"
          "    STYPE = text,\n"
          "    INITCOND = ''\n"
          ");\n");
    CHECK(drop_aggregate_sql(context, record) == "DROP AGGREGATE inv.comma_join(text);\n");
    CHECK(aggregate_tag(record) == "comma_join(text)");
    CHECK(aggregate_signature(context, record) == "comma_join(text)");
}

TEST_CASE("aggregate without arguments", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("cnt", "");
    record.transition_function = "int8inc";
    record.transition_type = "bigint";
    record.initial_value = "0";

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.cnt(*) (\n"
          "    SFUNC = int8inc,\n"
          "    STYPE = bigint,\n"
          "    INITCOND = '0'\n"
          ");\n");
    CHECK(drop_aggregate_sql(context, record) == "DROP AGGREGATE inv.cnt(*);\n");
    CHECK(aggregate_tag(record) == "cnt(*)");
}

TEST_CASE("aggregate moving mode and sort operator", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("mysum", "integer");
    record.transition_function = "int4pl";
    record.transition_type = "integer";
    record.combine_function = "int4pl";
    record.moving_transition_function = "int4pl";
    record.moving_inverse_function = "int4mi";
    record.moving_transition_type = "integer";
    record.sort_operator = "OPERATOR(pg_catalog.>)";
    record.parallel = 's';

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.mysum(integer) (\n"
          "    SFUNC = int4pl,\n"
          "    STYPE = integer,\n"
          "    COMBINEFUNC = int4pl,\n"
          "    MSFUNC = int4pl,\n"
          "    MINVFUNC = int4mi,\n"
          "    MSTYPE = integer,\n"
          "    SORTOP = OPERATOR(pg_catalog.>),\n"
          "    PARALLEL = safe\n"
          ");\n");
}

TEST_CASE("aggregate final function options", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("My Agg", "public.citext");
    record.transition_function = "inv.acc";
    record.transition_type = "text";
    record.final_function = "inv.fin";
    record.final_extra = true;
    record.moving_transition_function = "inv.acc";
    record.moving_inverse_function = "inv.acc";
    record.moving_transition_type = "text";
    record.moving_transition_space = "12";
    record.moving_initial_value = "x'y";
    record.moving_final_function = "inv.fin";
    record.moving_final_extra = true;
    record.moving_final_modify = 's';
    record.parallel = 'r';

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.\"My Agg\"(public.citext) (\n"
          "    SFUNC = inv.acc,\n"
          "    STYPE = text,\n"
          "    FINALFUNC = inv.fin,\n"
          "    FINALFUNC_EXTRA,\n"
          "    MSFUNC = inv.acc,\n"
          "    MINVFUNC = inv.acc,\n"
          "    MSTYPE = text,\n"
          "    MSSPACE = 12,\n"
          "    MINITCOND = 'x''y',\n"
          "    MFINALFUNC = inv.fin,\n"
          "    MFINALFUNC_EXTRA,\n"
          "    MFINALFUNC_MODIFY = SHAREABLE,\n"
          "    PARALLEL = restricted\n"
          ");\n");
    CHECK(drop_aggregate_sql(context, record) ==
          "DROP AGGREGATE inv.\"My Agg\"(public.citext);\n");
}

TEST_CASE("aggregate state space and modify", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("avgx", "double precision");
    record.transition_function = "float8_accum";
    record.transition_type = "double precision[]";
    record.transition_space = "100";
    record.initial_value = "{0,0,0}";
    record.final_function = "float8_avg";
    record.final_modify = 'w';

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.avgx(double precision) (\n"
          "    SFUNC = float8_accum,\n"
          "    STYPE = double precision[],\n"
          "    SSPACE = 100,\n"
          "    INITCOND = '{0,0,0}',\n"
          "    FINALFUNC = float8_avg,\n"
          "    FINALFUNC_MODIFY = READ_WRITE\n"
          ");\n");
}

TEST_CASE("aggregate serial functions", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord record = aggregate("ser", "bigint");
    record.transition_function = "int8_avg_accum";
    record.transition_type = "internal";
    record.final_function = "numeric_poly_avg";
    record.combine_function = "int8_avg_combine";
    record.serial_function = "int8_avg_serialize";
    record.deserial_function = "int8_avg_deserialize";
    record.parallel = 's';

    CHECK(create_aggregate_sql(context, record) ==
          "CREATE AGGREGATE inv.ser(bigint) (\n"
          "    SFUNC = int8_avg_accum,\n"
          "    STYPE = internal,\n"
          "    FINALFUNC = numeric_poly_avg,\n"
          "    COMBINEFUNC = int8_avg_combine,\n"
          "    SERIALFUNC = int8_avg_serialize,\n"
          "    DESERIALFUNC = int8_avg_deserialize,\n"
          "    PARALLEL = safe\n"
          ");\n");
}

TEST_CASE("aggregate ordered-set kinds", "[aggregate_sql]") {
    PlanContext context = make_context();
    AggregateRecord ordered =
        aggregate("pct", "double precision ORDER BY double precision");
    ordered.kind = 'o';
    ordered.argument_types = {"double precision", "double precision"};
    ordered.transition_function = "ordered_set_transition";
    ordered.transition_type = "internal";
    ordered.final_function = "percentile_disc_final";
    ordered.final_extra = true;
    ordered.final_modify = 'w';   // the default for ordered-set aggregates

    CHECK(create_aggregate_sql(context, ordered) ==
          "CREATE AGGREGATE inv.pct(double precision ORDER BY double precision) (\n"
          "    SFUNC = ordered_set_transition,\n"
          "    STYPE = internal,\n"
          "    FINALFUNC = percentile_disc_final,\n"
          "    FINALFUNC_EXTRA\n"
          ");\n");
    CHECK(aggregate_tag(ordered) == "pct(double precision, double precision)");

    AggregateRecord hypothetical =
        aggregate("rnk2", "VARIADIC \"any\" ORDER BY VARIADIC \"any\"");
    hypothetical.kind = 'h';
    hypothetical.transition_function = "ordered_set_transition_multi";
    hypothetical.transition_type = "internal";
    hypothetical.final_function = "rank_final";
    hypothetical.final_extra = true;
    hypothetical.final_modify = 'r';
    hypothetical.parallel = 's';

    CHECK(create_aggregate_sql(context, hypothetical) ==
          "CREATE AGGREGATE inv.rnk2(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (\n"
          "    SFUNC = ordered_set_transition_multi,\n"
          "    STYPE = internal,\n"
          "    FINALFUNC = rank_final,\n"
          "    FINALFUNC_EXTRA,\n"
          "    FINALFUNC_MODIFY = READ_ONLY,\n"
          "    HYPOTHETICAL,\n"
          "    PARALLEL = safe\n"
          ");\n");
}

TEST_CASE("operator every option", "[operator_sql]") {
    PlanContext context = make_context();
    OperatorRecord record = binary_operator("~=", "inv.roughly_equal(double precision,double precision)");
    record.commutator = "OPERATOR(inv.~=)";
    record.merges = true;
    record.hashes = true;
    record.restrict_function = "eqsel(internal,oid,internal,integer)";
    record.join_function = "eqjoinsel(internal,oid,internal,smallint,internal)";

    CHECK(create_operator_sql(context, record) ==
          "CREATE OPERATOR inv.~= (\n"
          "    FUNCTION = inv.roughly_equal,\n"
          "    LEFTARG = double precision,\n"
          "    RIGHTARG = double precision,\n"
          "    COMMUTATOR = OPERATOR(inv.~=),\n"
          "    MERGES,\n"
          "    HASHES,\n"
          "    RESTRICT = eqsel,\n"
          "    JOIN = eqjoinsel\n"
          ");\n");
    CHECK(drop_operator_sql(context, record) ==
          "DROP OPERATOR inv.~= (double precision, double precision);\n");
}

TEST_CASE("operator prefix", "[operator_sql]") {
    PlanContext context = make_context();
    OperatorRecord record = binary_operator("!-", "inv.neg(integer)");
    record.kind = 'l';
    record.left_type = "-";
    record.right_type = "integer";

    CHECK(create_operator_sql(context, record) ==
          "CREATE OPERATOR inv.!- (\n"
          "    FUNCTION = inv.neg,\n"
          "    RIGHTARG = integer\n"
          ");\n");
    CHECK(operator_signature(record) == "!- (NONE, integer)");
    CHECK(drop_operator_sql(context, record) == "DROP OPERATOR inv.!- (NONE, integer);\n");
}

TEST_CASE("operator negator", "[operator_sql]") {
    PlanContext context = make_context();
    OperatorRecord record = binary_operator("<<<", "inv.lt(integer,integer)");
    record.left_type = "integer";
    record.right_type = "integer";
    record.negator = "OPERATOR(inv.>>>=)";

    CHECK(create_operator_sql(context, record) ==
          "CREATE OPERATOR inv.<<< (\n"
          "    FUNCTION = inv.lt,\n"
          "    LEFTARG = integer,\n"
          "    RIGHTARG = integer,\n"
          "    NEGATOR = OPERATOR(inv.>>>=)\n"
          ");\n");
}

TEST_CASE("procedure arguments stripped", "[operator_sql]") {
    CHECK(strip_procedure_arguments("inv.f(integer)") == "inv.f");
    CHECK(strip_procedure_arguments("\"odd(name\".f(integer,text)") == "\"odd(name\".f");
    CHECK(strip_procedure_arguments("inv.\"f(x)\"(integer)") == "inv.\"f(x)\"");
    CHECK_FALSE(strip_procedure_arguments("-").has_value());
    CHECK_FALSE(strip_procedure_arguments("").has_value());
}
