#include "protocol/session_attributes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;

namespace {

using Parameters = std::map<std::string, std::string, std::less<>>;
using Outcome = SessionCheck::Outcome;

Parameters reported(std::string hot_standby, std::string read_only) {
    return {{"in_hot_standby", std::move(hot_standby)}, {"default_transaction_read_only", std::move(read_only)}};
}

}  // namespace

TEST_CASE("target session attrs names") {
    CHECK(parse_target_session_attrs("any") == TargetSessionAttrs::any);
    CHECK(parse_target_session_attrs("read-write") == TargetSessionAttrs::read_write);
    CHECK(parse_target_session_attrs("read-only") == TargetSessionAttrs::read_only);
    CHECK(parse_target_session_attrs("primary") == TargetSessionAttrs::primary);
    CHECK(parse_target_session_attrs("standby") == TargetSessionAttrs::standby);
    CHECK(parse_target_session_attrs("prefer-standby") == TargetSessionAttrs::prefer_standby);
    CHECK_FALSE(parse_target_session_attrs("read_write"));
    CHECK_FALSE(parse_target_session_attrs(""));
}

TEST_CASE("session check from reported parameters") {
    struct Case {
        const char* name;
        TargetSessionAttrs target;
        Parameters parameters;
        Outcome expected;
    };
    const std::vector<Case> cases = {
        {"any", TargetSessionAttrs::any, {}, Outcome::accept},
        {"read-write on primary", TargetSessionAttrs::read_write, reported("off", "off"), Outcome::accept},
        {"read-write on read-only default", TargetSessionAttrs::read_write, reported("off", "on"), Outcome::reject},
        {"read-write on standby", TargetSessionAttrs::read_write, reported("on", "off"), Outcome::reject},
        {"read-only on primary", TargetSessionAttrs::read_only, reported("off", "off"), Outcome::reject},
        {"read-only on standby", TargetSessionAttrs::read_only, reported("on", "off"), Outcome::accept},
        {"primary on primary", TargetSessionAttrs::primary, reported("off", "on"), Outcome::accept},
        {"primary on standby", TargetSessionAttrs::primary, reported("on", "on"), Outcome::reject},
        {"standby on standby", TargetSessionAttrs::standby, reported("on", "off"), Outcome::accept},
        {"standby on primary", TargetSessionAttrs::standby, reported("off", "off"), Outcome::reject},
        {"prefer-standby on primary", TargetSessionAttrs::prefer_standby, reported("off", "off"), Outcome::reject},
        {"read-write on server 13", TargetSessionAttrs::read_write, {}, Outcome::ask_server},
        {"standby on server 13", TargetSessionAttrs::standby, {}, Outcome::ask_server},
    };
    for (const Case& test_case : cases) {
        INFO("case: " << test_case.name);
        CHECK(check_session(test_case.target, test_case.parameters).outcome == test_case.expected);
    }
}

TEST_CASE("session check queries for old servers") {
    CHECK(check_session(TargetSessionAttrs::read_only, {}).query == "SHOW transaction_read_only");
    CHECK(check_session(TargetSessionAttrs::primary, {}).query == "SELECT pg_catalog.pg_is_in_recovery()");
}

TEST_CASE("session check from query answers") {
    CHECK(check_session_answer(TargetSessionAttrs::read_write, "off").outcome == Outcome::accept);
    CHECK(check_session_answer(TargetSessionAttrs::read_write, "on").reason == "session is read-only");
    CHECK(check_session_answer(TargetSessionAttrs::read_only, "off").reason == "session is not read-only");
    CHECK(check_session_answer(TargetSessionAttrs::primary, "t").reason == "server is in hot standby mode");
    CHECK(check_session_answer(TargetSessionAttrs::standby, "f").reason == "server is not in hot standby mode");
    CHECK(check_session_answer(TargetSessionAttrs::standby, "t").outcome == Outcome::accept);
}
