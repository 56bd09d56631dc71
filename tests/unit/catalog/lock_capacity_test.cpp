#include "catalog/lock_capacity.hpp"

#include <catch2/catch.hpp>

using wiredump::catalog::LockTableSettings;
using wiredump::catalog::lock_table_full_message;
using wiredump::catalog::max_locks_per_transaction_needed;

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
    std::string message = lock_table_full_message(20000, settings);
    CHECK_THAT(message, Catch::Contains("20000 tables"));
    CHECK_THAT(message, Catch::Contains("max_locks_per_transaction = 64"));
    CHECK_THAT(message, Catch::Contains("max_connections = 50"));
    CHECK_THAT(message, Catch::Contains("at least 406"));
    CHECK_THAT(message, Catch::Contains("restart"));
}
