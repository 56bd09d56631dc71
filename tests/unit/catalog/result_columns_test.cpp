#include "catalog/errc.hpp"
#include "catalog/query_runner.hpp"
#include "catalog/result_columns.hpp"

#include "query_results.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using wiredump::test::make_result;

namespace {

class FailingRunner final : public catalog::QueryRunner {
public:
    std::error_code query(std::string_view, protocol::QueryResult&,
                          protocol::Diagnostics& diagnostics) override {
        protocol::ServerError error;
        error.severity = "ERROR";
        error.sqlstate = "42501";
        error.message = "permission denied for table pg_authid";
        diagnostics.set_server_error(error);
        return std::make_error_code(std::errc::permission_denied);
    }
};

// Returns `canned` for every query and keeps the SQL it was sent.
class CannedRunner final : public catalog::QueryRunner {
public:
    protocol::QueryResult canned;
    std::vector<std::string> sent;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics&) override {
        sent.emplace_back(sql);
        result = canned;
        return {};
    }
};

}  // namespace

TEST_CASE("ResultColumns reads typed values", "[catalog][result]") {
    auto result = make_result({"oid", "name", "flag", "count"},
                              {{"4294967295", "x", "t", "-12"}, {std::nullopt, std::nullopt, "f", "7"}});
    catalog::ResultColumns columns;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(columns.bind(result, {"count", "flag", "name", "oid"}, "test rows", diagnostics));

    CHECK(columns.row_count() == 2);
    CHECK(columns.integer(0, 0) == -12);
    CHECK(columns.boolean(0, 1));
    CHECK_FALSE(columns.boolean(1, 1));
    CHECK(columns.text(0, 2) == "x");
    CHECK(columns.text(1, 2).empty());
    CHECK(columns.is_null(1, 2));
    CHECK(columns.oid(0, 3) == 4294967295u);
    CHECK(columns.oid(1, 3) == 0u);
}

TEST_CASE("ResultColumns reports a missing column", "[catalog][result]") {
    auto result = make_result({"oid"}, {});
    catalog::ResultColumns columns;
    protocol::Diagnostics diagnostics;
    std::error_code error = columns.bind(result, {"oid", "relname"}, "tables", diagnostics);

    CHECK(error == catalog::errc::missing_result_column);
    CHECK(diagnostics.client_message().find("could not read tables") == 0);
    CHECK(diagnostics.client_message().find("\"relname\"") != std::string::npos);
}

TEST_CASE("parse_text_array handles quoting", "[catalog][result]") {
    auto elements = catalog::parse_text_array("{fillfactor=70,\"a b\",\"q\\\"x\",NULL}");
    REQUIRE(elements.size() == 4);
    CHECK(elements[0] == "fillfactor=70");
    CHECK(elements[1] == "a b");
    CHECK(elements[2] == "q\"x");
    CHECK(elements[3].empty());
    CHECK(catalog::parse_text_array("{}").empty());
    CHECK(catalog::parse_text_array("").empty());
}

TEST_CASE("parse_int_vector splits on spaces", "[catalog][result]") {
    CHECK(catalog::parse_int_vector("1 3 -2") == std::vector<std::int64_t>{1, 3, -2});
    CHECK(catalog::parse_int_vector("").empty());
}

TEST_CASE("oid_array_literal formats an array", "[catalog][result]") {
    CHECK(catalog::oid_array_literal({16384, 16390}) == "'{16384,16390}'::pg_catalog.oid[]");
    CHECK(catalog::oid_array_literal({}) == "'{}'::pg_catalog.oid[]");
}

TEST_CASE("run_catalog_query names what failed", "[catalog][result]") {
    FailingRunner runner;
    protocol::QueryResult result;
    protocol::Diagnostics diagnostics;
    std::error_code error = catalog::run_catalog_query(runner, "SELECT 1", "roles", result, diagnostics);

    CHECK(error == std::errc::permission_denied);
    CHECK(diagnostics.client_message() ==
          "could not read roles: permission denied for table pg_authid");
    REQUIRE(diagnostics.server_error());
    CHECK(diagnostics.server_error()->sqlstate == "42501");
}

TEST_CASE("query_catalog_columns binds the result", "[catalog][result]") {
    CannedRunner runner;
    runner.canned = make_result({"rolname", "oid"}, {{"app_owner", "16400"}});
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    protocol::Diagnostics diagnostics;

    std::error_code error = catalog::query_catalog_columns(
        runner, "SELECT oid, rolname FROM pg_catalog.pg_roles", "roles", {"oid", "rolname"}, result,
        columns, diagnostics);

    REQUIRE_FALSE(error);
    CHECK(runner.sent == std::vector<std::string>{"SELECT oid, rolname FROM pg_catalog.pg_roles"});
    REQUIRE(columns.row_count() == 1);
    CHECK(columns.oid(0, 0) == 16400u);
    CHECK(columns.text(0, 1) == "app_owner");
    CHECK(diagnostics.client_message().empty());
}

TEST_CASE("query_catalog_columns reports a failed query", "[catalog][result]") {
    FailingRunner runner;
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    protocol::Diagnostics diagnostics;

    std::error_code error = catalog::query_catalog_columns(runner, "SELECT 1", "roles", {"oid"},
                                                           result, columns, diagnostics);

    CHECK(error == std::errc::permission_denied);
    CHECK(diagnostics.client_message() ==
          "could not read roles: permission denied for table pg_authid");
}

TEST_CASE("query_catalog_columns reports a missing column", "[catalog][result]") {
    CannedRunner runner;
    runner.canned = make_result({"oid"}, {{"16400"}});
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    protocol::Diagnostics diagnostics;

    std::error_code error = catalog::query_catalog_columns(
        runner, "SELECT oid FROM pg_catalog.pg_roles", "roles", {"oid", "rolname"}, result, columns,
        diagnostics);

    CHECK(error == catalog::errc::missing_result_column);
    CHECK(diagnostics.client_message().find("could not read roles") == 0);
    CHECK(diagnostics.client_message().find("\"rolname\"") != std::string::npos);
}
