#include "ddl/acl_sql.hpp"
#include "ddl/cast_kind.hpp"
#include "ddl/function_sql.hpp"
#include "ddl/rule_kind.hpp"
#include "ddl/trigger_kind.hpp"
#include "ddl/type_sql.hpp"
#include "ddl/view_kind.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;

// Expected SQL below is what pg_restore printed for pg_dump 15.20's archive
// of the same objects on a PostgreSQL 15.20 server.

namespace {

constexpr std::uint32_t schema_s = 16576;
constexpr std::uint32_t schema_odd = 16575;
constexpr std::uint32_t c_collation = 950;

PlanContext make_context() {
    PlanContext context;
    context.options.server_version_num = 150020;
    context.model.keywords.add("select");
    context.model.namespaces.push_back(
        {{catalog::pg_namespace_oid, schema_s}, "s", 10, {}, "", true});
    context.model.namespaces.push_back(
        {{catalog::pg_namespace_oid, schema_odd}, "My Schema", 10, {}, "", true});
    context.model.collation_names[c_collation] = "pg_catalog.\"C\"";
    return context;
}

catalog::FunctionRecord sql_function(std::string name) {
    catalog::FunctionRecord function;
    function.name = std::move(name);
    function.namespace_oid = schema_s;
    function.language = "sql";
    function.cost = "100";
    function.rows = "0";
    function.support = "-";
    function.result = "integer";
    return function;
}

catalog::RelationRecord relation(std::string name, char relkind, std::uint32_t oid) {
    catalog::RelationRecord record;
    record.id = {catalog::pg_class_oid, oid};
    record.name = std::move(name);
    record.namespace_oid = schema_s;
    record.relkind = relkind;
    return record;
}

}  // namespace

TEST_CASE("dollar quote picks unused tag", "[function_sql]") {
    CHECK(dollar_quote("SELECT 1") == "$$SELECT 1$$");
    CHECK(dollar_quote("SELECT $1") == "$_$SELECT $1$_$");
    CHECK(dollar_quote(" SELECT x, $$q$$ ") == "$_$ SELECT x, $$q$$ $_$");
    CHECK(dollar_quote("$_ $") == "$_X$$_ $$_X$");
}

TEST_CASE("function with list setting", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("Odd Name");
    function.namespace_oid = schema_odd;
    function.arguments = "integer";
    function.identity_arguments = "integer";
    function.argument_types = {"integer"};
    function.source = "SELECT $1";
    function.config = {"work_mem=64MB", "search_path=\"My Schema\", public"};

    CHECK(create_function_sql(context, function) ==
          "CREATE FUNCTION \"My Schema\".\"Odd Name\"(integer) RETURNS integer\n"
          "    LANGUAGE sql\n"
          "    SET work_mem TO '64MB'\n"
          "    SET search_path TO 'My Schema', 'public'\n"
          "    AS $_$SELECT $1$_$;\n");
    CHECK(function_tag(function) == "Odd Name(integer)");
    CHECK(function_signature(context, function) == "\"Odd Name\"(integer)");
}

TEST_CASE("function attributes in order", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("restricted");
    function.arguments = "integer";
    function.cost = "3";
    function.parallel = 'r';
    function.source = "select 1";
    CHECK(create_function_sql(context, function) ==
          "CREATE FUNCTION s.restricted(integer) RETURNS integer\n"
          "    LANGUAGE sql COST 3 PARALLEL RESTRICTED\n"
          "    AS $$select 1$$;\n");

    catalog::FunctionRecord window = sql_function("rn");
    window.language = "internal";
    window.kind = 'w';
    window.volatility = 'i';
    window.cost = "1";
    window.result = "bigint";
    window.source = "window_row_number";
    CHECK(create_function_sql(context, window) ==
          "CREATE FUNCTION s.rn() RETURNS bigint\n"
          "    LANGUAGE internal WINDOW IMMUTABLE\n"
          "    AS $$window_row_number$$;\n");
}

TEST_CASE("function set returning rows", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("tab");
    function.arguments = "x integer";
    function.result = "TABLE(y integer, \"Z\" text)";
    function.returns_set = true;
    function.rows = "7";
    function.source = " SELECT x, $$q$$ ";
    CHECK(create_function_sql(context, function) ==
          "CREATE FUNCTION s.tab(x integer) RETURNS TABLE(y integer, \"Z\" text)\n"
          "    LANGUAGE sql ROWS 7\n"
          "    AS $_$ SELECT x, $$q$$ $_$;\n");
}

TEST_CASE("function default rows omitted", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("f");
    function.returns_set = true;
    function.rows = "1000";
    function.source = "select 1";
    CHECK(create_function_sql(context, function).find("ROWS") == std::string::npos);
}

TEST_CASE("function in c with library", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("handler");
    function.language = "c";
    function.cost = "1";
    function.result = "language_handler";
    function.binary = "$libdir/plpgsql";
    function.source = "plpgsql_call_handler";
    CHECK(create_function_sql(context, function) ==
          "CREATE FUNCTION s.handler() RETURNS language_handler\n"
          "    LANGUAGE c\n"
          "    AS '$libdir/plpgsql', 'plpgsql_call_handler';\n");
}

TEST_CASE("function support and strict", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord function = sql_function("sup");
    function.language = "internal";
    function.cost = "1";
    function.arguments = "text";
    function.result = "boolean";
    function.support = "textlike_support";
    function.strict = true;
    function.security_definer = true;
    function.leakproof = true;
    function.volatility = 's';
    function.source = "textlike";
    CHECK(create_function_sql(context, function) ==
          "CREATE FUNCTION s.sup(text) RETURNS boolean\n"
          "    LANGUAGE internal STABLE STRICT SECURITY DEFINER LEAKPROOF SUPPORT "
          "textlike_support\n"
          "    AS $$textlike$$;\n");
}

TEST_CASE("procedure with sql body", "[function_sql]") {
    PlanContext context = make_context();
    catalog::FunctionRecord procedure = sql_function("p");
    procedure.kind = 'p';
    procedure.result.reset();
    procedure.arguments = "INOUT x integer";
    procedure.identity_arguments = "INOUT x integer";
    procedure.sql_body = "BEGIN ATOMIC\n SELECT (x + 1);\nEND";
    CHECK(create_function_sql(context, procedure) ==
          "CREATE PROCEDURE s.p(INOUT x integer)\n"
          "    LANGUAGE sql\n"
          "    BEGIN ATOMIC\n SELECT (x + 1);\nEND;\n");
    CHECK(function_keyword(procedure) == "PROCEDURE");
}

TEST_CASE("enum type labels quoted", "[type_sql]") {
    PlanContext context = make_context();
    catalog::TypeRecord type;
    type.name = "Mood";
    type.namespace_oid = schema_s;
    type.enum_labels = {"it's", "a \"b\"", "c\\d"};
    CHECK(create_enum_sql(context, type) ==
          "CREATE TYPE s.\"Mood\" AS ENUM (\n"
          "    'it''s',\n"
          "    'a \"b\"',\n"
          "    'c\\d'\n"
          ");\n");
}

TEST_CASE("range type options", "[type_sql]") {
    PlanContext context = make_context();
    catalog::TypeRecord type;
    type.kind = 'r';
    type.name = "textrange";
    type.namespace_oid = schema_s;
    type.range_subtype = "text";
    type.multirange_name = "s.textmultirange";
    type.default_opclass = false;
    type.opclass_schema = "pg_catalog";
    type.opclass_name = "text_pattern_ops";
    type.range_collation = c_collation;
    type.canonical = "-";
    type.subtype_diff = "-";
    CHECK(create_range_sql(context, type) ==
          "CREATE TYPE s.textrange AS RANGE (\n"
          "    subtype = text,\n"
          "    multirange_type_name = s.textmultirange,\n"
          "    subtype_opclass = pg_catalog.text_pattern_ops,\n"
          "    collation = pg_catalog.\"C\"\n"
          ");\n");

    type.default_opclass = true;
    type.range_collation = 0;
    type.subtype_diff = "float8mi";
    type.range_subtype = "double precision";
    type.multirange_name = "s.floatmultirange";
    type.name = "floatrange";
    CHECK(create_range_sql(context, type) ==
          "CREATE TYPE s.floatrange AS RANGE (\n"
          "    subtype = double precision,\n"
          "    multirange_type_name = s.floatmultirange,\n"
          "    subtype_diff = float8mi\n"
          ");\n");
}

TEST_CASE("base type by value", "[type_sql]") {
    // pg_catalog.int8 on PostgreSQL 15, as pg_restore 15.18 printed it for pg_dump 15.18's
    // archive made with -n '*'.
    PlanContext context = make_context();
    catalog::TypeRecord type;
    type.kind = 'b';
    type.name = "int8";
    type.namespace_oid = schema_s;
    type.base.length = 8;
    type.base.input = "int8in";
    type.base.output = "int8out";
    type.base.receive = "int8recv";
    type.base.send = "int8send";
    type.base.category = 'N';
    type.base.alignment = 'd';
    type.base.storage = 'p';
    type.base.by_value = true;
    CHECK(create_base_sql(context, type) ==
          "CREATE TYPE s.int8 (\n"
          "    INTERNALLENGTH = 8,\n"
          "    INPUT = int8in,\n"
          "    OUTPUT = int8out,\n"
          "    RECEIVE = int8recv,\n"
          "    SEND = int8send,\n"
          "    CATEGORY = 'N',\n"
          "    ALIGNMENT = double,\n"
          "    STORAGE = plain,\n"
          "    PASSEDBYVALUE\n"
          ");\n");
}

TEST_CASE("base type every clause", "[type_sql]") {
    // SUBSCRIPT comes after COLLATABLE and DEFAULT, as pg_dump 15 writes it for
    // pg_catalog.name.
    PlanContext context = make_context();
    catalog::TypeRecord type;
    type.kind = 'b';
    type.name = "select";
    type.namespace_oid = schema_s;
    type.default_literal = "it's";
    type.base.input = "s.t_in";
    type.base.output = "s.t_out";
    type.base.modifier_input = "s.t_typmod_in";
    type.base.modifier_output = "s.t_typmod_out";
    type.base.analyze = "s.t_analyze";
    type.base.subscript = "raw_array_subscript_handler";
    type.base.collatable = true;
    type.base.element = "\"char\"";
    type.base.category = 'S';
    type.base.preferred = true;
    type.base.delimiter = ";";
    type.base.alignment = 'c';
    type.base.storage = 'x';
    CHECK(create_base_sql(context, type) ==
          "CREATE TYPE s.\"select\" (\n"
          "    INTERNALLENGTH = variable,\n"
          "    INPUT = s.t_in,\n"
          "    OUTPUT = s.t_out,\n"
          "    TYPMOD_IN = s.t_typmod_in,\n"
          "    TYPMOD_OUT = s.t_typmod_out,\n"
          "    ANALYZE = s.t_analyze,\n"
          "    COLLATABLE = true,\n"
          "    DEFAULT = 'it''s',\n"
          "    SUBSCRIPT = raw_array_subscript_handler,\n"
          "    ELEMENT = \"char\",\n"
          "    CATEGORY = 'S',\n"
          "    PREFERRED = true,\n"
          "    DELIMITER = ';',\n"
          "    ALIGNMENT = char,\n"
          "    STORAGE = extended\n"
          ");\n");
}

TEST_CASE("composite type columns", "[type_sql]") {
    PlanContext context = make_context();
    catalog::ColumnRecord a;
    a.number = 1;
    a.name = "a";
    a.type_name = "integer";
    catalog::ColumnRecord dropped;
    dropped.number = 2;
    dropped.is_dropped = true;
    catalog::ColumnRecord b;
    b.number = 3;
    b.name = "Select";
    b.type_name = "text";
    b.collation_oid = c_collation;
    context.model.columns[17000] = {a, dropped, b};

    catalog::TypeRecord type;
    type.kind = 'c';
    type.name = "pair";
    type.namespace_oid = schema_s;
    type.relation_oid = 17000;
    CHECK(create_composite_sql(context, type) ==
          "CREATE TYPE s.pair AS (\n"
          "\ta integer,\n"
          "\t\"Select\" text COLLATE pg_catalog.\"C\"\n"
          ");\n");
}

TEST_CASE("domain with checks and default", "[type_sql]") {
    PlanContext context = make_context();
    catalog::TypeRecord domain;
    domain.kind = 'd';
    domain.name = "d1";
    domain.namespace_oid = schema_s;
    domain.base_type = "numeric(10,2)";
    domain.default_expression = "0";
    domain.checks = {{{}, "d1_check", "CHECK ((VALUE >= (0)::numeric))", true, false},
                     {{}, "d1_check1", "CHECK ((VALUE < (1000)::numeric))", true, false},
                     {{}, "nv", "CHECK ((VALUE <> (5)::numeric)) NOT VALID", false, true}};
    CHECK(create_domain_sql(context, domain) ==
          "CREATE DOMAIN s.d1 AS numeric(10,2) DEFAULT 0\n"
          "\tCONSTRAINT d1_check CHECK ((VALUE >= (0)::numeric))\n"
          "\tCONSTRAINT d1_check1 CHECK ((VALUE < (1000)::numeric));\n");
    CHECK(add_domain_check_sql(context, domain, domain.checks[2]) ==
          "ALTER DOMAIN s.d1\n"
          "    ADD CONSTRAINT nv CHECK ((VALUE <> (5)::numeric)) NOT VALID;\n");
}

TEST_CASE("domain collation not null literal", "[type_sql]") {
    PlanContext context = make_context();
    catalog::TypeRecord domain;
    domain.kind = 'd';
    domain.name = "shorttext";
    domain.namespace_oid = schema_s;
    domain.base_type = "text";
    domain.domain_collation = c_collation;
    domain.not_null = true;
    domain.default_literal = "it's";
    CHECK(create_domain_sql(context, domain) ==
          "CREATE DOMAIN s.shorttext AS text COLLATE pg_catalog.\"C\" NOT NULL DEFAULT 'it''s';\n");
}

TEST_CASE("view with options and check", "[view_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord view = relation("item_v2", 'v', 16556);
    view.reloptions = {"security_barrier=true"};
    view.check_option = "CASCADED";
    CHECK(create_view_sql(context, view, " SELECT item_v.id\n   FROM inv.item_v", false) ==
          "CREATE VIEW s.item_v2 WITH (security_barrier='true') AS\n"
          " SELECT item_v.id\n   FROM inv.item_v\n"
          "  WITH CASCADED CHECK OPTION;\n");
}

TEST_CASE("dummy view keeps collation", "[view_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord view = relation("v1", 'v', 16700);
    view.check_option = "LOCAL";
    catalog::ColumnRecord a;
    a.number = 1;
    a.name = "a";
    a.type_name = "integer";
    catalog::ColumnRecord b;
    b.number = 2;
    b.name = "B";
    b.type_name = "text";
    b.collation_oid = c_collation;
    context.model.columns[16700] = {a, b};

    CHECK(create_view_sql(context, view, "ignored", true) ==
          "CREATE VIEW s.v1 AS\n"
          "SELECT\n"
          "    NULL::integer AS a,\n"
          "    NULL::text COLLATE pg_catalog.\"C\" AS \"B\";\n");
}

TEST_CASE("materialized view with options", "[view_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord view = relation("mv2", 'm', 16800);
    view.reloptions = {"fillfactor=70"};
    CHECK(create_materialized_view_sql(context, view, " SELECT mv1.id\n   FROM s.mv1") ==
          "CREATE MATERIALIZED VIEW s.mv2\n"
          "WITH (fillfactor='70') AS\n"
          " SELECT mv1.id\n   FROM s.mv1\n"
          "  WITH NO DATA;\n");
}

TEST_CASE("trigger enable state follows", "[trigger_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord table = relation("t", 'r', 16610);
    TriggerKind::TriggerRecord trigger{{}, 16610, "T a",
                                       "CREATE TRIGGER \"T a\" AFTER INSERT ON s.t FOR EACH "
                                       "STATEMENT EXECUTE FUNCTION s.trg()",
                                       'A', false};
    CHECK(trigger_sql(context, table, trigger) ==
          "CREATE TRIGGER \"T a\" AFTER INSERT ON s.t FOR EACH STATEMENT EXECUTE FUNCTION "
          "s.trg();\n"
          "\nALTER TABLE s.t ENABLE ALWAYS TRIGGER \"T a\";\n");

    trigger.enabled = 'O';
    CHECK(trigger_sql(context, table, trigger) ==
          "CREATE TRIGGER \"T a\" AFTER INSERT ON s.t FOR EACH STATEMENT EXECUTE FUNCTION "
          "s.trg();\n");

    table.relkind = 'f';
    trigger.enabled = 'D';
    CHECK(trigger_sql(context, table, trigger).find("\nALTER FOREIGN TABLE s.t DISABLE TRIGGER") !=
          std::string::npos);
}

TEST_CASE("trigger partition copy alter only", "[trigger_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord partition = relation("parted_1", 'r', 16650);
    TriggerKind::TriggerRecord trigger{{}, 16650, "pt", "CREATE TRIGGER pt ...", 'D', true};
    CHECK(trigger_sql(context, partition, trigger) ==
          "\nALTER TABLE s.parted_1 DISABLE TRIGGER pt;\n");

    trigger.enabled = 'O';
    CHECK(trigger_sql(context, partition, trigger) ==
          "\nALTER TABLE s.parted_1 ENABLE TRIGGER pt;\n");
}

TEST_CASE("rule enable state follows", "[rule_sql]") {
    PlanContext context = make_context();
    catalog::RelationRecord table = relation("t", 'r', 16610);
    RuleKind::RuleRecord rule{{}, 16610, "R upd",
                              "CREATE RULE \"R upd\" AS\n    ON UPDATE TO s.t DO INSTEAD NOTHING;",
                              'D'};
    CHECK(rule_sql(context, table, rule) ==
          "CREATE RULE \"R upd\" AS\n    ON UPDATE TO s.t DO INSTEAD NOTHING;\n"
          "ALTER TABLE s.t DISABLE RULE \"R upd\";\n");
    rule.enabled = 'R';
    CHECK(rule_sql(context, table, rule).find("ENABLE REPLICA RULE \"R upd\";\n") !=
          std::string::npos);
}

TEST_CASE("default privileges prefix", "[acl]") {
    catalog::KeywordSet keywords;
    AclTarget target{"FUNCTIONS", "", {}, {}, "postgres", {}};
    target.prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE postgres ";
    std::string sql;
    REQUIRE_FALSE(build_acl_commands(target, std::string("{postgres=X/postgres}"),
                                     "{=X/postgres,postgres=X/postgres}", 150020, keywords, sql));
    CHECK(sql ==
          "ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS  FROM PUBLIC;\n");

    AclTarget tables{"TABLES", "", {}, {}, "wiredump_owner", {}};
    tables.prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE wiredump_owner IN SCHEMA app ";
    sql.clear();
    REQUIRE_FALSE(build_acl_commands(tables, std::string("{wiredump_reader=r/wiredump_owner}"),
                                     "{}", 150020, keywords, sql));
    CHECK(sql == "ALTER DEFAULT PRIVILEGES FOR ROLE wiredump_owner IN SCHEMA app GRANT SELECT ON "
                 "TABLES  TO wiredump_reader;\n");
}

TEST_CASE("cast methods and contexts", "[cast_sql]") {
    CastKind::CastRecord cast;
    cast.source = "public.pair";
    cast.target = "text";
    cast.method = 'f';
    cast.context = 'a';
    cast.function = "public.pair_text(public.pair)";
    CHECK(create_cast_sql(cast) == "CREATE CAST (public.pair AS text) WITH FUNCTION "
                                   "public.pair_text(public.pair) AS ASSIGNMENT;\n");

    cast.target = "character varying";
    cast.method = 'i';
    cast.context = 'i';
    CHECK(create_cast_sql(cast) ==
          "CREATE CAST (public.pair AS character varying) WITH INOUT AS IMPLICIT;\n");

    cast.method = 'b';
    cast.context = 'e';
    CHECK(create_cast_sql(cast) ==
          "CREATE CAST (public.pair AS character varying) WITHOUT FUNCTION;\n");
}
