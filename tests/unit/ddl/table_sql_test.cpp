#include "ddl/table_sql.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

TEST_CASE("create_table_sql writes columns and checks", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "item");
    add_column(context, 16600, "id", "integer").not_null = true;
    auto& sku = add_column(context, 16600, "sku", "text");
    sku.not_null = true;
    sku.collation_oid = 950;
    context.model.collation_names[950] = "pg_catalog.\"C\"";
    add_column(context, 16600, "name", "character varying(80)");
    add_column(context, 16600, "select", "integer");
    auto& dropped = add_column(context, 16600, "........pg.dropped.5........", "-");
    dropped.is_dropped = true;
    auto& total = add_column(context, 16600, "total", "numeric");
    total.generated = 's';

    catalog::ColumnDefaultRecord name_default;
    name_default.column_number = 3;
    name_default.expression = "'x''y'::character varying";
    catalog::ColumnDefaultRecord total_default;
    total_default.column_number = 6;
    total_default.expression = "(id * 2)";
    catalog::CheckConstraintRecord check;
    check.name = "item_id_check";
    check.definition = "CHECK ((id > 0))";

    TableParts parts;
    parts.defaults[3] = &name_default;
    parts.defaults[6] = &total_default;
    parts.checks.push_back(&check);

    CHECK(create_table_sql(context, table, parts) ==
          "CREATE TABLE inv.item (\n"
          "    id integer NOT NULL,\n"
          "    sku text NOT NULL COLLATE pg_catalog.\"C\",\n"
          "    name character varying(80) DEFAULT 'x''y'::character varying,\n"
          "    \"select\" integer,\n"
          "    total numeric GENERATED ALWAYS AS ((id * 2)) STORED,\n"
          "    CONSTRAINT item_id_check CHECK ((id > 0))\n"
          ");\n");
}

TEST_CASE("create_table_sql leaves out separate parts", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "orders");
    add_column(context, 16600, "order_id", "integer").not_null = true;

    catalog::ColumnDefaultRecord serial_default;
    serial_default.column_number = 1;
    serial_default.expression = "nextval('inv.orders_order_id_seq'::regclass)";
    serial_default.separate = true;
    catalog::CheckConstraintRecord not_valid;
    not_valid.name = "small";
    not_valid.definition = "CHECK ((order_id < 10)) NOT VALID";
    not_valid.separate = true;
    catalog::CheckConstraintRecord inherited;
    inherited.name = "from_parent";
    inherited.definition = "CHECK (true)";
    inherited.is_local = false;

    TableParts parts;
    parts.defaults[1] = &serial_default;
    parts.checks = {&not_valid, &inherited};

    CHECK(create_table_sql(context, table, parts) ==
          "CREATE TABLE inv.orders (\n    order_id integer NOT NULL\n);\n");
}

TEST_CASE("create_table_sql for an empty table", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "empty");
    CHECK(create_table_sql(context, table, {}) == "CREATE TABLE inv.empty (\n);\n");
    CHECK(copy_column_list(context, table).empty());
}

TEST_CASE("create_table_sql with inheritance", "[ddl][table]") {
    PlanContext context = make_context();
    add_table(context, 16600, "base");
    add_column(context, 16600, "id", "integer").not_null = true;
    add_table(context, 16601, "child");
    auto& inherited = add_column(context, 16601, "id", "integer");
    inherited.not_null = true;
    inherited.is_local = false;
    add_column(context, 16601, "extra", "integer").not_null = true;
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.child (\n    extra integer NOT NULL\n)\nINHERITS (inv.base);\n");
}

TEST_CASE("create_table_sql drops NOT NULL a parent provides", "[ddl][table]") {
    PlanContext context = make_context();
    add_table(context, 16600, "p1");
    add_column(context, 16600, "a", "integer").not_null = true;
    add_table(context, 16601, "c1");
    add_column(context, 16601, "a", "integer").not_null = true;  // local and inherited
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.c1 (\n    a integer\n)\nINHERITS (inv.p1);\n");
}

TEST_CASE("create_table_sql writes options and follow-ups", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "t1");
    table.persistence = 'u';
    table.reloptions = {"fillfactor=50"};
    table.toast_reloptions = {"autovacuum_enabled=false"};
    table.replica_identity = 'f';
    table.force_row_security = true;
    auto& a = add_column(context, 16600, "a", "integer");
    a.options = "n_distinct=2";
    auto& b = add_column(context, 16600, "Big Text", "text");
    b.statistics_target = 10;
    b.storage = 'm';
    b.type_storage = 'x';
    b.compression = 'p';

    CHECK(create_table_sql(context, table, {}) ==
          "CREATE UNLOGGED TABLE inv.t1 (\n"
          "    a integer,\n"
          "    \"Big Text\" text\n"
          ")\n"
          "WITH (fillfactor='50', toast.autovacuum_enabled='false');\n"
          "ALTER TABLE ONLY inv.t1 ALTER COLUMN a SET (n_distinct=2);\n"
          "ALTER TABLE ONLY inv.t1 ALTER COLUMN \"Big Text\" SET STATISTICS 10;\n"
          "ALTER TABLE ONLY inv.t1 ALTER COLUMN \"Big Text\" SET STORAGE MAIN;\n"
          "ALTER TABLE ONLY inv.t1 ALTER COLUMN \"Big Text\" SET COMPRESSION pglz;\n"
          "\nALTER TABLE ONLY inv.t1 REPLICA IDENTITY FULL;\n"
          "\nALTER TABLE ONLY inv.t1 FORCE ROW LEVEL SECURITY;\n");
}

TEST_CASE("copy_column_list skips dropped and generated", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "item");
    add_column(context, 16600, "id", "integer");
    add_column(context, 16600, "gone", "integer").is_dropped = true;
    add_column(context, 16600, "total", "numeric").generated = 's';
    add_column(context, 16600, "Mixed Case", "text");
    add_column(context, 16600, "ident", "integer").identity = 'a';

    CHECK(copy_column_list(context, table) == "(id, \"Mixed Case\", ident)");
}

TEST_CASE("create_table_sql for a partitioned table", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "measure", 'p');
    add_column(context, 16600, "at", "date").not_null = true;
    TableParts parts;
    parts.partition_key = "RANGE (at)";

    CHECK(create_table_sql(context, table, parts) ==
          "CREATE TABLE inv.measure (\n    at date NOT NULL\n)\nPARTITION BY RANGE (at);\n");
}

TEST_CASE("create_table_sql lists a partition's columns", "[ddl][table]") {
    PlanContext context = make_context();
    add_table(context, 16600, "measure", 'p');
    add_column(context, 16600, "at", "date").not_null = true;
    auto& partition = add_table(context, 16601, "measure_2024");
    partition.is_partition = true;
    auto& column = add_column(context, 16601, "at", "date");
    column.not_null = true;
    column.is_local = false;
    context.model.parents[16601] = {16600};

    CHECK(create_table_sql(context, context.model.relations[1], {}) ==
          "CREATE TABLE inv.measure_2024 (\n    at date NOT NULL\n);\n");
}

TEST_CASE("create_table_sql for a typed table", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "typed");
    table.of_type_name = "inv.pt";
    add_column(context, 16600, "a", "integer").not_null = true;
    add_column(context, 16600, "b", "text");
    add_column(context, 16600, "c", "text");
    catalog::ColumnDefaultRecord b_default;
    b_default.column_number = 2;
    b_default.expression = "'z'::text";
    TableParts parts;
    parts.defaults[2] = &b_default;

    CHECK(create_table_sql(context, table, parts) ==
          "CREATE TABLE inv.typed OF inv.pt (\n    a NOT NULL,\n    b DEFAULT 'z'::text\n);\n");
    CHECK(create_table_sql(context, table, {}) ==
          "CREATE TABLE inv.typed OF inv.pt (\n    a NOT NULL\n);\n");
}

TEST_CASE("create_table_sql for a bare typed table", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "typed2");
    table.of_type_name = "inv.pt";
    add_column(context, 16600, "a", "integer");

    CHECK(create_table_sql(context, table, {}) == "CREATE TABLE inv.typed2 OF inv.pt;\n");
}

TEST_CASE("create_table_sql for a foreign table", "[ddl][table]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "ft", 'f');
    table.foreign_server = "dummy_srv";
    table.foreign_options = "\"Table\" 'it''s',\n    schema_name 'remote'";
    table.replica_identity = 'n';
    auto& a = add_column(context, 16600, "a", "integer");
    a.not_null = true;
    a.fdw_options = "column_name 'A'";
    add_column(context, 16600, "c", "integer").statistics_target = 5;

    CHECK(create_table_sql(context, table, {}) ==
          "CREATE FOREIGN TABLE inv.ft (\n"
          "    a integer NOT NULL,\n"
          "    c integer\n"
          ")\n"
          "SERVER dummy_srv\n"
          "OPTIONS (\n"
          "    \"Table\" 'it''s',\n"
          "    schema_name 'remote'\n"
          ");\n"
          "ALTER FOREIGN TABLE inv.ft ALTER COLUMN a OPTIONS (\n"
          "    column_name 'A'\n"
          ");\n"
          "ALTER FOREIGN TABLE ONLY inv.ft ALTER COLUMN c SET STATISTICS 5;\n");
}
