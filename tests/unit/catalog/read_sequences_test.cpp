#include "catalog/catalog_readers.hpp"

#include "query_results.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wiredump;
using wiredump::test::make_result;
using wiredump::test::ScriptedRunner;

namespace {

// Adds a dumped sequence named s<oid> in schema public.
void add_sequence(catalog::CatalogModel& model, std::uint32_t oid) {
    catalog::RelationRecord relation;
    relation.id = {1259, oid};
    relation.name = "s" + std::to_string(oid);
    relation.relkind = 'S';
    relation.namespace_oid = 2200;
    relation.dumped = true;
    model.relation_index[oid] = model.relations.size();
    model.relations.push_back(std::move(relation));
}

}  // namespace

TEST_CASE("sequence values in batches of 100") {
    constexpr std::uint32_t first_oid = 20000;
    constexpr std::size_t count = 250;

    catalog::CatalogModel model;
    model.namespaces.push_back({{2615, 2200}, "public", 10, std::nullopt, "", true});
    std::vector<std::uint32_t> oids;
    std::vector<std::vector<std::optional<std::string>>> definitions;
    for (std::uint32_t oid = first_oid; oid < first_oid + count; ++oid) {
        add_sequence(model, oid);
        oids.push_back(oid);
        definitions.push_back({std::to_string(oid), "bigint", "1", "1", "9223372036854775807", "1", "1", "f"});
    }

    ScriptedRunner runner;
    runner.steps.push_back({make_result({"seqrelid", "seqtype", "seqstart", "seqincrement", "seqmax", "seqmin",
                                         "seqcache", "seqcycle"},
                                        definitions)});
    for (std::size_t batch = 0; batch < 3; ++batch) {
        std::vector<std::vector<std::optional<std::string>>> values;
        for (std::size_t i = batch * 100; i < std::min(count, batch * 100 + 100); ++i) {
            values.push_back({std::to_string(first_oid + i), std::to_string(i), "t"});
        }
        runner.steps.push_back({make_result({"seqoid", "last_value", "is_called"}, values)});
    }

    std::vector<catalog::SequenceRecord> sequences;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(catalog::read_sequences(runner, model, oids, oids, sequences, diagnostics));

    // One definition query, then 100, 100 and 50 sequences per values statement.
    REQUIRE(runner.sent.size() == 4);
    const auto selects = [](const std::string& sql) {
        std::size_t found = 0;
        for (std::size_t at = sql.find("AS seqoid"); at != std::string::npos; at = sql.find("AS seqoid", at + 1)) {
            ++found;
        }
        return found;
    };
    CHECK(selects(runner.sent[1]) == 100);
    CHECK(selects(runner.sent[2]) == 100);
    CHECK(selects(runner.sent[3]) == 50);

    REQUIRE(sequences.size() == count);
    CHECK(sequences[249].last_value == "249");
    CHECK(sequences[249].is_called);
}

TEST_CASE("sequence values only when requested") {
    catalog::CatalogModel model;
    model.namespaces.push_back({{2615, 2200}, "public", 10, std::nullopt, "", true});
    for (std::uint32_t oid : {16001u, 16002u}) {
        add_sequence(model, oid);
    }

    ScriptedRunner runner;
    runner.steps.push_back({make_result({"seqrelid", "seqtype", "seqstart", "seqincrement", "seqmax", "seqmin",
                                         "seqcache", "seqcycle"},
                                        {{"16001", "bigint", "1", "1", "9223372036854775807", "1", "1", "f"},
                                         {"16002", "bigint", "1", "1", "9223372036854775807", "1", "1", "f"}})});
    runner.steps.push_back({make_result({"seqoid", "last_value", "is_called"}, {{"16002", "42", "t"}})});

    std::vector<catalog::SequenceRecord> sequences;
    protocol::Diagnostics diagnostics;
    SECTION("none, as with -s") {
        REQUIRE_FALSE(catalog::read_sequences(runner, model, {16001, 16002}, {}, sequences, diagnostics));
        CHECK(runner.sent.size() == 1);
        CHECK(sequences.size() == 2);
    }
    SECTION("one of two") {
        REQUIRE_FALSE(catalog::read_sequences(runner, model, {16001, 16002}, {16002}, sequences, diagnostics));
        REQUIRE(runner.sent.size() == 2);
        CHECK(runner.sent[1].find("FROM public.s16001") == std::string::npos);
        CHECK(runner.sent[1].find("FROM public.s16002") != std::string::npos);
        REQUIRE(sequences.size() == 2);
        CHECK(sequences[1].last_value == "42");
    }
}
