#include "operation_script.hpp"
#include "protocol/errc.hpp"
#include "protocol/statement_operation.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;
using namespace wiredump::protocol::test;

namespace {

const std::string copy_sql = "copy t to stdout";

// Joins the pieces into payloads, and fails on the first piece of the
// payload with index fail_at.
struct Collector {
    std::vector<std::string> payloads;
    std::vector<std::size_t> pieces_per_payload;
    std::size_t empty_pieces = 0;
    std::string partial;
    std::size_t partial_pieces = 0;
    int fail_at = -1;

    std::error_code operator()(Bytes piece, bool payload_end) {
        if (static_cast<int>(payloads.size()) == fail_at) return std::make_error_code(std::errc::no_space_on_device);
        if (piece.empty()) ++empty_pieces;
        partial.append(piece.begin(), piece.end());
        ++partial_pieces;
        if (payload_end) {
            payloads.push_back(std::move(partial));
            pieces_per_payload.push_back(partial_pieces);
            partial.clear();
            partial_pieces = 0;
        }
        return {};
    }

    void clear() {
        const int keep_fail_at = fail_at;
        *this = Collector{};
        fail_at = keep_fail_at;
    }
};

OperationFactory copy_into(Collector& collector, std::string sql = copy_sql) {
    return [&collector, sql](OperationFixture& fixture) {
        collector.clear();
        return std::make_unique<CopyOutOperation>(
            sql, [&collector](Bytes piece, bool payload_end) { return collector(piece, payload_end); },
            fixture.buffer, fixture.session, fixture.diagnostics);
    };
}

ScriptOutcome run_once(const OperationFactory& factory, const Script& script, OperationFixture& fixture) {
    auto operation = factory(fixture);
    return run_script(*operation, script);
}

// Three rows, the second one larger than the fixture's 16-byte initial buffer.
Script copy_script() {
    Script script;
    script.write(query(copy_sql))
        .read(copy_out_response(2))
        .read(copy_data("1\tone\n"))
        .read(concat({copy_data("2\ta row longer than the buffer\n"), copy_data("3\t\\N\n")}))
        .read(concat({copy_done(), command_complete("COPY 3"), ready_for_query()}));
    return script;
}

const std::vector<std::string> copy_rows = {"1\tone\n", "2\ta row longer than the buffer\n", "3\t\\N\n"};

}  // namespace

TEST_CASE("copy out delivers payloads") {
    Collector collector;
    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(copy_into(collector), copy_script(), fixture);
    CHECK(outcome.script_violation.empty());
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(outcome.steps_left == 0);
    CHECK(collector.payloads == copy_rows);
}

TEST_CASE("copy out reads of every size") {
    for (std::size_t piece = 1; piece <= 11; ++piece) {
        INFO("reads of " << piece << " bytes");
        Collector collector;
        OperationFixture fixture;
        auto operation = copy_into(collector)(fixture);
        const ScriptOutcome outcome = run_script(*operation, copy_script(), piece);
        CHECK_FALSE(outcome.error);
        CHECK(collector.payloads == copy_rows);
    }
}

TEST_CASE("copy out payload points into buffer") {
    OperationFixture fixture;
    int pieces = 0;
    int pieces_inside = 0;
    CopyOutOperation operation(
        copy_sql,
        [&](Bytes payload, bool) {
            ++pieces;
            const auto received = fixture.buffer.data();
            if (payload.data() >= received.data() &&
                payload.data() + payload.size() <= received.data() + received.size()) {
                ++pieces_inside;
            }
            return std::error_code{};
        },
        fixture.buffer, fixture.session, fixture.diagnostics);
    REQUIRE_FALSE(run_script(operation, copy_script()).error);
    CHECK(pieces > 3);
    CHECK(pieces_inside == pieces);
}

TEST_CASE("copy out faults at every step") {
    Collector collector;
    check_every_fault(copy_into(collector), copy_script());
}

TEST_CASE("copy out sink failure") {
    Collector collector;
    OperationFixture fixture;
    auto operation = copy_into(collector)(fixture);
    collector.fail_at = 1;
    const ScriptOutcome outcome = run_script(*operation, copy_script());
    CHECK(outcome.error == std::errc::no_space_on_device);
    CHECK_FALSE(outcome.connection_usable);
    // The rest of the read with the second payload and the end of the copy stay unread.
    CHECK(outcome.steps_left == 2);
    CHECK(collector.payloads == std::vector<std::string>{"1\tone\n"});
    CHECK(fixture.diagnostics.client_message().find("no longer usable") != std::string::npos);
}

TEST_CASE("copy out server error at every read") {
    const Script full = copy_script();
    for (std::size_t step = 1; step < full.steps().size(); ++step) {
        INFO("ErrorResponse at step " << step);
        Script script;
        for (std::size_t i = 0; i < step; ++i) script.steps().push_back(full.steps()[i]);
        script.read(concat({error_response("ERROR", "57014", "canceling statement due to user request"),
                            ready_for_query()}));

        Collector collector;
        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(copy_into(collector), script, fixture);
        CHECK(outcome.script_violation.empty());
        CHECK(outcome.error == errc::server_error);
        CHECK(outcome.connection_usable);
        REQUIRE(fixture.diagnostics.server_error());
        CHECK(fixture.diagnostics.server_error()->sqlstate == "57014");
    }
}

TEST_CASE("copy out of a plain query") {
    Script rows;
    rows.write(query("select 1"))
        .read(concat({row_description({"a"}), data_row({"1"}), command_complete("SELECT 1"), ready_for_query()}));
    Script command;
    command.write(query("set x = 1")).read(concat({command_complete("SET"), ready_for_query()}));

    for (const auto& [sql, script] : {std::pair{std::string("select 1"), rows}, std::pair{std::string("set x = 1"), command}}) {
        INFO("sql " << sql);
        Collector collector;
        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(copy_into(collector, sql), script, fixture);
        CHECK(outcome.error == errc::not_copy_out);
        CHECK(outcome.connection_usable);
        CHECK(collector.payloads.empty());
    }
}

TEST_CASE("copy out protocol violations") {
    struct Case {
        std::string name;
        ByteVector reply;
        std::error_code expected;
    };
    const std::vector<Case> cases = {
        {"copy data before response", copy_data("x"), errc::unexpected_message},
        {"copy done before response", copy_done(), errc::unexpected_message},
        {"complete inside copy", concat({copy_out_response(1), command_complete("COPY 0")}), errc::unexpected_message},
        {"copy done with body", concat({copy_out_response(1), BodyBuilder().int8(1).message('c')}), errc::trailing_bytes},
        {"bad copy response", BodyBuilder().int8(5).int16(0).message('H'), errc::invalid_field},
        {"copy both", BodyBuilder().int8(0).int16(0).message('W'), errc::copy_both_not_supported},
        {"backend key data", BodyBuilder().int32(1).int32(2).message('K'), errc::unexpected_message},
    };
    for (const auto& test_case : cases) {
        INFO("case: " << test_case.name);
        Script script;
        script.write(query(copy_sql)).read(test_case.reply);

        Collector collector;
        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(copy_into(collector), script, fixture);
        CHECK(outcome.error == test_case.expected);
        CHECK_FALSE(outcome.connection_usable);
    }
}

namespace {

// A payload of 100 bytes, more than six times the fixture's 16-byte buffer,
// between two small ones.
const std::string large_payload = [] {
    std::string text;
    for (int i = 0; i < 10; ++i) text += "0123456789";
    return text;
}();
const std::vector<std::string> rows_around_large = {"1\n", large_payload, "3\n"};

ByteVector large_copy_reply() {
    return concat({copy_out_response(1), copy_data("1\n"), copy_data(large_payload), copy_data("3\n"), copy_done(),
                   command_complete("COPY 3"), ready_for_query()});
}

Script large_copy_script() {
    Script script;
    script.write(query(copy_sql)).read(large_copy_reply());
    return script;
}

}  // namespace

TEST_CASE("copy out payload in pieces") {
    Collector collector;
    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(copy_into(collector), large_copy_script(), fixture);
    CHECK(outcome.script_violation.empty());
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(collector.payloads == rows_around_large);
    REQUIRE(collector.pieces_per_payload.size() == 3);
    CHECK(collector.pieces_per_payload[0] == 1);
    CHECK(collector.pieces_per_payload[1] > 1);
    CHECK(collector.pieces_per_payload[2] == 1);
    CHECK(collector.empty_pieces == 0);
    CHECK(fixture.buffer.capacity() == 16);
}

TEST_CASE("copy out split at every byte") {
    const ByteVector reply = large_copy_reply();
    for (std::size_t split = 1; split < reply.size(); ++split) {
        INFO("reply split after byte " << split);
        Script script;
        script.write(query(copy_sql))
            .read(ByteVector(reply.begin(), reply.begin() + static_cast<std::ptrdiff_t>(split)))
            .read(ByteVector(reply.begin() + static_cast<std::ptrdiff_t>(split), reply.end()));

        for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20}) {
            INFO("reads of at most " << piece << " bytes");
            Collector collector;
            OperationFixture fixture;
            auto operation = copy_into(collector)(fixture);
            const ScriptOutcome outcome = run_script(*operation, script, piece);
            CHECK(outcome.script_violation.empty());
            CHECK_FALSE(outcome.error);
            CHECK(outcome.steps_left == 0);
            CHECK(collector.payloads == rows_around_large);
            CHECK(collector.empty_pieces == 0);
            CHECK(fixture.buffer.capacity() == 16);
        }
    }
}

TEST_CASE("copy out pieces fault at every step") {
    Collector collector;
    Script script;
    script.write(query(copy_sql))
        .read(concat({copy_out_response(1), copy_data("1\n")}))
        .read(copy_data(large_payload))
        .read(concat({copy_data("3\n"), copy_done(), command_complete("COPY 3"), ready_for_query()}));
    check_every_fault(copy_into(collector), script);
}

TEST_CASE("copy out pieces sink failure") {
    Collector collector;
    OperationFixture fixture;
    auto operation = copy_into(collector)(fixture);
    collector.fail_at = 1;
    const ScriptOutcome outcome = run_script(*operation, large_copy_script());
    CHECK(outcome.error == std::errc::no_space_on_device);
    CHECK_FALSE(outcome.connection_usable);
    CHECK(outcome.steps_left == 1);
    CHECK(collector.payloads == std::vector<std::string>{"1\n"});
}

TEST_CASE("copy out pieces outside copy") {
    // Before CopyOutResponse a CopyData is not taken in pieces: it is
    // framed whole and rejected.
    Collector collector;
    Script script;
    script.write(query(copy_sql)).read(copy_data(large_payload));
    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(copy_into(collector), script, fixture);
    CHECK(outcome.error == errc::unexpected_message);
    CHECK_FALSE(outcome.connection_usable);
    CHECK(collector.payloads.empty());
}
