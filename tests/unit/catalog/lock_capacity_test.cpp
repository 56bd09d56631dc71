#include "catalog/catalog_readers.hpp"
#include "catalog/lock_capacity.hpp"

#include "query_results.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using wiredump::test::make_result;
using wiredump::test::out_of_shared_memory;
using wiredump::test::ScriptedRunner;
using wiredump::catalog::LockedRelationCount;
using wiredump::catalog::LockTableSettings;
using wiredump::catalog::lock_table_full_message;
using wiredump::catalog::max_locks_per_transaction_needed;

namespace {

protocol::QueryResult lock_settings_result() {
    return make_result({"max_locks_per_transaction", "max_connections", "max_prepared_transactions"},
                       {{"10", "5", "0"}});
}

// Schema public with three tables and two sequences, all dumped, and one
// table of a schema that is not dumped.
catalog::CatalogModel make_model() {
    catalog::CatalogModel model;
    model.namespaces.push_back({{2615, 2200}, "public", 10, std::nullopt, "", true});
    model.namespaces.push_back({{2615, 3000}, "skipped", 10, std::nullopt, "", false});

    const auto add = [&](std::uint32_t oid, std::string name, char relkind, std::uint32_t schema, bool dumped) {
        catalog::RelationRecord relation;
        relation.id = {1259, oid};
        relation.name = std::move(name);
        relation.relkind = relkind;
        relation.namespace_oid = schema;
        relation.dumped = dumped;
        model.relation_index[oid] = model.relations.size();
        model.relations.push_back(std::move(relation));
    };
    add(16001, "orders", 'r', 2200, true);
    add(16002, "orders_id_seq", 'S', 2200, true);
    add(16003, "events", 'p', 2200, true);
    add(16004, "notes", 'r', 2200, true);
    add(16005, "notes_id_seq", 'S', 2200, true);
    add(16006, "orders_view", 'v', 2200, true);
    add(16007, "hidden", 'r', 3000, false);
    return model;
}

}  // namespace

TEST_CASE("lock capacity value that fits") {
    LockTableSettings settings{64, 100, 0};

    // 20,000 tables and 256 locks of headroom over 100 connection slots.
    CHECK(max_locks_per_transaction_needed(20000, settings) == 203);
}

TEST_CASE("lock capacity counts prepared transactions") {
    LockTableSettings settings{64, 100, 100};
    CHECK(max_locks_per_transaction_needed(20000, settings) == 102);
}

TEST_CASE("lock capacity never suggests the current value") {
    // The table overflowed at this setting, so the advice must be larger.
    LockTableSettings settings{64, 100, 0};
    CHECK(max_locks_per_transaction_needed(10, settings) == 65);
}

TEST_CASE("lock capacity message names everything") {
    LockTableSettings settings{64, 50, 0};
    std::string message = lock_table_full_message({15000, 5000}, settings);
    CHECK_THAT(message, Catch::Contains("20000 relations to dump (15000 tables, 5000 sequences)"));
    CHECK_THAT(message, Catch::Contains("max_locks_per_transaction = 64"));
    CHECK_THAT(message, Catch::Contains("max_connections = 50"));
    CHECK_THAT(message, Catch::Contains("at least 406"));
    CHECK_THAT(message, Catch::Contains("restart"));
}

TEST_CASE("lock table full is SQLSTATE 53200 only") {
    protocol::Diagnostics diagnostics;
    CHECK_FALSE(catalog::is_lock_table_full(diagnostics));

    diagnostics.set_server_error(out_of_shared_memory());
    CHECK(catalog::is_lock_table_full(diagnostics));

    protocol::ServerError other = out_of_shared_memory();
    other.sqlstate = "55P03";
    diagnostics.set_server_error(other);
    CHECK_FALSE(catalog::is_lock_table_full(diagnostics));
}

TEST_CASE("lock tables counts tables and sequences") {
    catalog::CatalogModel model = make_model();
    ScriptedRunner runner;
    runner.steps.push_back({lock_settings_result()});
    runner.steps.push_back({make_result({}, {})});
    protocol::Diagnostics diagnostics;

    REQUIRE_FALSE(catalog::lock_dumped_tables(runner, model, 2, diagnostics));
    CHECK(model.locked_relations.tables == 3);
    CHECK(model.locked_relations.sequences == 2);
    CHECK(model.lock_settings.max_locks_per_transaction == 10);
    REQUIRE(runner.sent.size() == 2);
    CHECK(runner.sent[1] ==
          "LOCK TABLE public.orders, public.events, public.notes IN ACCESS SHARE MODE");
}

TEST_CASE("lock tables full lock table message") {
    catalog::CatalogModel model = make_model();
    ScriptedRunner runner;
    runner.steps.push_back({lock_settings_result()});
    runner.steps.push_back({{}, true});
    protocol::Diagnostics diagnostics;

    CHECK(catalog::lock_dumped_tables(runner, model, 2, diagnostics));
    const std::string& message = diagnostics.client_message();
    CHECK_THAT(message, Catch::Contains("5 relations to dump (3 tables, 2 sequences)"));
    CHECK_THAT(message, Catch::Contains("max_locks_per_transaction = 10"));
    CHECK_THAT(message, Catch::Contains("at least 53"));
}

TEST_CASE("sequence values full lock table message") {
    catalog::CatalogModel model = make_model();
    model.lock_settings = {10, 5, 0};
    model.locked_relations = {3, 2};
    ScriptedRunner runner;
    runner.steps.push_back({make_result({"seqrelid", "seqtype", "seqstart", "seqincrement", "seqmax", "seqmin",
                                         "seqcache", "seqcycle"},
                                        {{"16002", "integer", "1", "1", "2147483647", "1", "1", "f"},
                                         {"16005", "integer", "1", "1", "2147483647", "1", "1", "f"}})});
    runner.steps.push_back({{}, true});
    std::vector<catalog::SequenceRecord> sequences;
    protocol::Diagnostics diagnostics;

    CHECK(catalog::read_sequences(runner, model, {16002, 16005}, {16002, 16005}, sequences, diagnostics));
    const std::string& message = diagnostics.client_message();
    CHECK_THAT(message, Catch::Contains("5 relations to dump (3 tables, 2 sequences)"));
    CHECK_THAT(message, Catch::Contains("the server's lock table is full"));
    CHECK_THAT(message, Catch::Contains("at least 53"));
}
