#include "ddl/sequence_kind.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

namespace {

catalog::SequenceRecord definition(std::string type, std::string min, std::string max) {
    catalog::SequenceRecord record;
    record.type_name = std::move(type);
    record.start = "1";
    record.increment = "1";
    record.min_value = std::move(min);
    record.max_value = std::move(max);
    record.cache = "1";
    return record;
}

}  // namespace

TEST_CASE("sequence_sql for a bigint sequence", "[ddl][sequence]") {
    PlanContext context = make_context();
    auto& sequence = add_table(context, 16700, "ticket_seq", 'S');
    auto record = definition("bigint", "1", "9223372036854775807");
    record.start = "100";
    record.increment = "5";
    record.cache = "3";

    CHECK(sequence_sql(context, sequence, record, nullptr, nullptr) ==
          "CREATE SEQUENCE inv.ticket_seq\n"
          "    START WITH 100\n"
          "    INCREMENT BY 5\n"
          "    NO MINVALUE\n"
          "    NO MAXVALUE\n"
          "    CACHE 3;\n");
}

TEST_CASE("sequence_sql writes AS and explicit bounds", "[ddl][sequence]") {
    PlanContext context = make_context();
    auto& sequence = add_table(context, 16700, "small_seq", 'S');
    auto record = definition("integer", "1", "1000");
    record.cycle = true;

    CHECK(sequence_sql(context, sequence, record, nullptr, nullptr) ==
          "CREATE SEQUENCE inv.small_seq\n"
          "    AS integer\n"
          "    START WITH 1\n"
          "    INCREMENT BY 1\n"
          "    NO MINVALUE\n"
          "    MAXVALUE 1000\n"
          "    CACHE 1\n"
          "    CYCLE;\n");
}

TEST_CASE("sequence_sql descending defaults", "[ddl][sequence]") {
    PlanContext context = make_context();
    auto& sequence = add_table(context, 16700, "down", 'S');
    auto record = definition("smallint", "-32768", "-1");
    record.increment = "-1";
    record.start = "-1";

    CHECK(sequence_sql(context, sequence, record, nullptr, nullptr) ==
          "CREATE SEQUENCE inv.down\n"
          "    AS smallint\n"
          "    START WITH -1\n"
          "    INCREMENT BY -1\n"
          "    NO MINVALUE\n"
          "    NO MAXVALUE\n"
          "    CACHE 1;\n");
}

TEST_CASE("sequence_sql for an identity column", "[ddl][sequence]") {
    PlanContext context = make_context();
    add_table(context, 16600, "item");
    auto& column = add_column(context, 16600, "id", "integer");
    column.identity = 'a';
    add_table(context, 16700, "item_id_seq", 'S');
    auto record = definition("integer", "1", "2147483647");
    record.start = "10";

    CHECK(sequence_sql(context, context.model.relations[1], record, &context.model.relations[0],
                       &column) ==
          "ALTER TABLE inv.item ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
          "    SEQUENCE NAME inv.item_id_seq\n"
          "    START WITH 10\n"
          "    INCREMENT BY 1\n"
          "    NO MINVALUE\n"
          "    NO MAXVALUE\n"
          "    CACHE 1\n"
          ");\n");
}

TEST_CASE("sequence_set_sql quotes the name as a literal", "[ddl][sequence]") {
    PlanContext context = make_context();
    auto& sequence = add_table(context, 16700, "Odd'Seq", 'S');
    auto record = definition("bigint", "1", "9223372036854775807");
    record.last_value = "110";
    record.is_called = true;

    CHECK(sequence_set_sql(context, sequence, record) ==
          "SELECT pg_catalog.setval('inv.\"Odd''Seq\"', 110, true);\n");
}
