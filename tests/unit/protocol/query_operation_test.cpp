#include "operation_script.hpp"
#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/statement_operation.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;
using namespace wiredump::protocol::test;

namespace {

using Row = std::vector<std::optional<std::string>>;

OperationFactory query_of(std::string sql) {
    return [sql](OperationFixture& fixture) {
        return std::make_unique<QueryOperation>(sql, &fixture.result, fixture.buffer, fixture.session,
                                                fixture.diagnostics);
    };
}

OperationFactory execute_of(std::string sql) {
    return [sql](OperationFixture& fixture) {
        return std::make_unique<QueryOperation>(sql, nullptr, fixture.buffer, fixture.session, fixture.diagnostics);
    };
}

ScriptOutcome run_once(const OperationFactory& factory, const Script& script, OperationFixture& fixture) {
    auto operation = factory(fixture);
    return run_script(*operation, script);
}

const std::string select_sql = "select id, note from t";

Script select_script() {
    Script script;
    script.write(query(select_sql))
        .read(row_description({"id", "note"}))
        .read(concat({data_row({"1", "one"}), data_row({"2", nullptr}), data_row({"3", ""})}))
        .read(concat({command_complete("SELECT 3"), ready_for_query()}));
    return script;
}

const ByteVector division_error = error_response("ERROR", "22012", "division by zero");

}  // namespace

TEST_CASE("query collects rows with nulls") {
    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of(select_sql), select_script(), fixture);
    CHECK(outcome.script_violation.empty());
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(outcome.steps_left == 0);

    const QueryResult& result = fixture.result;
    REQUIRE(result.columns.size() == 2);
    CHECK(result.columns[1].name == "note");
    CHECK(result.column_index("note") == 1);
    CHECK(result.command_tag == "SELECT 3");
    REQUIRE(result.rows.size() == 3);
    CHECK(result.rows[0] == Row{"1", "one"});
    CHECK(result.rows[1] == Row{"2", std::nullopt});
    CHECK(result.rows[2] == Row{"3", ""});
}

TEST_CASE("query faults at every step") {
    check_every_fault(query_of(select_sql), select_script());
    check_every_read_size(query_of(select_sql), select_script());
}

TEST_CASE("query server error at every read") {
    const Script full = select_script();
    for (std::size_t step = 1; step < full.steps().size(); ++step) {
        INFO("ErrorResponse at step " << step);
        Script script;
        for (std::size_t i = 0; i < step; ++i) script.steps().push_back(full.steps()[i]);
        script.read(concat({division_error, ready_for_query('E')}));

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(query_of(select_sql), script, fixture);
        CHECK(outcome.script_violation.empty());
        CHECK(outcome.error == errc::server_error);
        CHECK(outcome.connection_usable);
        CHECK(fixture.session.transaction_status == TransactionStatus::failed);
        REQUIRE(fixture.diagnostics.server_error());
        CHECK(fixture.diagnostics.server_error()->message == "division by zero");
    }
}

TEST_CASE("execute drops rows") {
    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(execute_of(select_sql), select_script(), fixture);
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(fixture.result.rows.empty());
}

TEST_CASE("query empty string") {
    Script script;
    script.write(query("")).read(concat({BodyBuilder().message('I'), ready_for_query()}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of(""), script, fixture);
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(fixture.result.columns.empty());
    CHECK(fixture.result.command_tag.empty());
}

TEST_CASE("query several statements keeps last") {
    Script script;
    script.write(query("select 1; set x = 1"))
        .read(concat({row_description({"a"}), data_row({"1"}), command_complete("SELECT 1"), command_complete("SET"),
                      ready_for_query()}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of("select 1; set x = 1"), script, fixture);
    CHECK_FALSE(outcome.error);
    CHECK(fixture.result.command_tag == "SET");
    CHECK(fixture.result.columns.empty());
    CHECK(fixture.result.rows.empty());
}

TEST_CASE("query asynchronous messages") {
    Script script;
    script.write(query("select 1"))
        .read(concat({notice_response("careful"), parameter_status("TimeZone", "UTC"),
                      BodyBuilder().int32(9).cstring("channel").cstring("payload").message('A'),
                      row_description({"a"}), data_row({"1"}), command_complete("SELECT 1"), ready_for_query('T')}));

    OperationFixture fixture;
    std::vector<std::string> notices;
    fixture.session.notice_callback = [&](const ServerError& notice) { notices.push_back(notice.message); };
    const ScriptOutcome outcome = run_once(query_of("select 1"), script, fixture);
    CHECK_FALSE(outcome.error);
    CHECK(notices == std::vector<std::string>{"careful"});
    CHECK(fixture.session.parameters.at("TimeZone") == "UTC");
    CHECK(fixture.session.transaction_status == TransactionStatus::in_transaction);
    CHECK(fixture.result.rows == std::vector<Row>{Row{"1"}});
}

TEST_CASE("query copy in is aborted") {
    Script script;
    script.write(query("copy t from stdin"))
        .read(BodyBuilder().int8(0).int16(1).int16(0).message('G'))
        .write(BodyBuilder().cstring("wiredump does not send COPY FROM STDIN data").message('f'))
        .read(concat({error_response("ERROR", "57014", "COPY from stdin failed"), ready_for_query()}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of("copy t from stdin"), script, fixture);
    CHECK(outcome.script_violation.empty());
    CHECK(outcome.error == errc::copy_in_not_supported);
    CHECK(outcome.connection_usable);
    REQUIRE(fixture.diagnostics.server_error());
    CHECK(fixture.diagnostics.server_error()->sqlstate == "57014");
    check_every_fault(query_of("copy t from stdin"), script);
}

TEST_CASE("query copy out is drained") {
    Script script;
    script.write(query("copy t to stdout"))
        .read(concat({copy_out_response(1), copy_data("1\n"), copy_done(), command_complete("COPY 1"),
                      ready_for_query()}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of("copy t to stdout"), script, fixture);
    CHECK(outcome.error == errc::copy_out_in_query);
    CHECK(outcome.connection_usable);
}

TEST_CASE("query copy both is fatal") {
    Script script;
    script.write(query("START_REPLICATION")).read(BodyBuilder().int8(0).int16(0).message('W'));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of("START_REPLICATION"), script, fixture);
    CHECK(outcome.error == errc::copy_both_not_supported);
    CHECK_FALSE(outcome.connection_usable);
}

TEST_CASE("query with NUL is not sent") {
    const std::string sql("select\0", 7);
    Script script;

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of(sql), script, fixture);
    CHECK(outcome.writes.empty());
    CHECK(outcome.error == errc::nul_in_string);
    CHECK(outcome.connection_usable);
    CHECK(fixture.diagnostics.client_message().find("offset 6") != std::string::npos);
}

TEST_CASE("query protocol violations") {
    struct Case {
        std::string name;
        ByteVector reply;
        std::error_code expected;
    };
    const std::vector<Case> cases = {
        {"data row before description", data_row({"1"}), errc::unexpected_message},
        {"field count mismatch", concat({row_description({"a", "b"}), data_row({"1"})}), errc::invalid_field},
        {"copy data outside copy", copy_data("x"), errc::unexpected_message},
        {"authentication", authentication(0), errc::unexpected_message},
        {"bad ready status", BodyBuilder().int8('Q').message('Z'), errc::invalid_field},
        {"bad error response", BodyBuilder().int8('M').message('E'), errc::message_truncated},
        {"bad notice", BodyBuilder().int8('M').message('N'), errc::message_truncated},
        {"bad data row", concat({row_description({"a"}), BodyBuilder().int16(1).int32(-3).message('D')}),
         errc::invalid_field},
        {"bad row description", BodyBuilder().int16(1).message('T'), errc::message_truncated},
        {"length too large", {'D', 0xff, 0xff, 0xff, 0xff}, errc::invalid_length},
    };
    for (const auto& test_case : cases) {
        INFO("case: " << test_case.name);
        Script script;
        script.write(query("select 1")).read(test_case.reply);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(query_of("select 1"), script, fixture);
        CHECK(outcome.error == test_case.expected);
        CHECK_FALSE(outcome.connection_usable);
        CHECK_FALSE(fixture.diagnostics.client_message().empty());
    }
}

TEST_CASE("query fatal error ends session") {
    Script script;
    script.write(query("select 1"))
        .read(concat({row_description({"a"}),
                      error_response("FATAL", "57P01", "terminating connection due to administrator command")}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(query_of("select 1"), script, fixture);
    CHECK(outcome.script_violation.empty());
    CHECK(outcome.error == errc::server_error);
    CHECK_FALSE(outcome.connection_usable);
    REQUIRE(fixture.diagnostics.server_error());
    CHECK(fixture.diagnostics.server_error()->sqlstate == "57P01");
    CHECK(fixture.diagnostics.client_message().find("ended the session") != std::string::npos);
}
