#include "io/host_candidates.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wiredump;

namespace {

io::ConnectParams three_hosts() {
    io::ConnectParams params;
    params.user = "alice";
    params.host_list = {
        {"a", "", 5432, "pa"},
        {"b", "10.0.0.2", 5433, std::nullopt},
        {"/tmp", "", 5434, "pc"},
    };
    return params;
}

}  // namespace

TEST_CASE("host candidates keep order") {
    const auto candidates = io::expand_host_candidates(three_hosts(), nullptr);
    REQUIRE(candidates.size() == 3);
    CHECK(candidates[0].host == "a");
    CHECK(candidates[0].password == "pa");
    CHECK(candidates[1].hostaddr == "10.0.0.2");
    CHECK(candidates[1].port == 5433);
    CHECK_FALSE(candidates[1].password);
    CHECK(candidates[2].is_unix_socket());
    CHECK(candidates[2].user == "alice");
    CHECK(candidates[2].host_list.empty());
}

TEST_CASE("host candidates without list") {
    io::ConnectParams params;
    params.host = "db";
    const auto candidates = io::expand_host_candidates(params, nullptr);
    REQUIRE(candidates.size() == 1);
    CHECK(candidates[0].host == "db");
}

TEST_CASE("host candidates shuffled") {
    io::ConnectParams params = three_hosts();
    params.random_host_order = true;
    std::mt19937 random(7);
    bool order_changed = false;
    for (int i = 0; i < 20; ++i) {
        const auto candidates = io::expand_host_candidates(params, &random);
        REQUIRE(candidates.size() == 3);
        order_changed = order_changed || candidates[0].host != "a" || candidates[1].host != "b";
    }
    CHECK(order_changed);
}

TEST_CASE("host failures listed before last") {
    io::HostFailures failures;
    protocol::Diagnostics first;
    first.set_client_message("connection to server at \"a\", port 5432 failed: Connection refused");
    failures.add(first);

    protocol::Diagnostics second;
    second.set_client_message("connection to server at \"b\", port 5432 failed: the server rejected the connection");
    protocol::ServerError rejected;
    rejected.severity = "FATAL";
    rejected.message = "password authentication failed for user \"alice\"";
    second.set_server_error(rejected);
    failures.add(second);

    protocol::Diagnostics last;
    last.set_client_message("connection to server at \"c\", port 5432 failed: session is read-only");
    failures.merge_into(last);
    CHECK(last.client_message() ==
          "connection to server at \"a\", port 5432 failed: Connection refused\n"
          "connection to server at \"b\", port 5432 failed: the server rejected the connection\n"
          "\tFATAL:  password authentication failed for user \"alice\"\n"
          "connection to server at \"c\", port 5432 failed: session is read-only");
}
