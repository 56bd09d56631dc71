#include "operation_script.hpp"
#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/scram_client.hpp"
#include "protocol/startup_operation.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;
using namespace wiredump::protocol::test;

namespace {

// SCRAM-SHA-256 with password "pencil": the RFC 7677 section 3 exchange,
// recomputed for the empty user name PostgreSQL clients send ("n=,").
constexpr std::string_view scram_nonce = "rOprNGfwEbeRWgbNEkqO";
constexpr std::string_view scram_server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr std::string_view scram_client_final =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=qvT2SWdEH5Q06albL+hjSYuUhCG7VndFyzIb7CK4n9k=";
constexpr std::string_view scram_server_final = "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=";

StartupOptions alice_options(std::optional<std::string> password) {
    StartupOptions options;
    options.user = "alice";
    options.database = "shop";
    options.application_name = "wiredump";
    options.password = std::move(password);
    options.scram_client_nonce = std::string(scram_nonce);
    return options;
}

ByteVector alice_startup() {
    ByteVector bytes;
    REQUIRE_FALSE(append_startup_message(bytes, {{"user", "alice"}, {"database", "shop"}, {"application_name", "wiredump"}}));
    return bytes;
}

ByteVector session_ready() {
    return concat({authentication(0), parameter_status("server_version", "15.18 (Debian 15.18-0+deb12u1)"),
                   parameter_status("client_encoding", "UTF8"), backend_key_data(4242, -7), ready_for_query()});
}

OperationFactory startup_with(std::optional<std::string> password) {
    return [password](OperationFixture& fixture) {
        return std::make_unique<StartupOperation>(alice_options(password), fixture.buffer, fixture.session,
                                                  fixture.diagnostics);
    };
}

ByteVector md5_request() { return BodyBuilder().int32(5).raw("\x01\x02\x03\x04").message('R'); }

ByteVector md5_answer() {
    const unsigned char salt[4] = {1, 2, 3, 4};
    return password_message(md5_password_response("alice", "pw", salt));
}

ByteVector sasl_request(std::initializer_list<std::string_view> mechanisms) {
    BodyBuilder body;
    body.int32(10);
    for (const auto mechanism : mechanisms) body.cstring(mechanism);
    return body.cstring("").message('R');
}

ByteVector sasl_initial() {
    ByteVector bytes;
    REQUIRE_FALSE(append_sasl_initial_response(bytes, "SCRAM-SHA-256", "n,,n=,r=" + std::string(scram_nonce)));
    return bytes;
}

ByteVector sasl_continue(std::string_view data) { return BodyBuilder().int32(11).raw(data).message('R'); }
ByteVector sasl_final(std::string_view data) { return BodyBuilder().int32(12).raw(data).message('R'); }
ByteVector sasl_response(std::string_view data) { return BodyBuilder().raw(data).message('p'); }

Script scram_script() {
    Script script;
    script.write(alice_startup())
        .read(sasl_request({"SCRAM-SHA-256"}))
        .write(sasl_initial())
        .read(sasl_continue(scram_server_first))
        .write(sasl_response(scram_client_final))
        .read(concat({sasl_final(scram_server_final), session_ready()}));
    return script;
}

void check_ready_session(const OperationFixture& fixture, const ScriptOutcome& outcome) {
    CHECK(outcome.script_violation.empty());
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
    CHECK(outcome.steps_left == 0);
    CHECK(fixture.session.parameters.at("client_encoding") == "UTF8");
    CHECK(fixture.session.backend_key.process_id == 4242);
    CHECK(fixture.session.backend_key.secret_key == std::vector<std::uint8_t>{0xff, 0xff, 0xff, 0xf9});
}

// Runs the script once on a new operation that works on fixture.
ScriptOutcome run_once(const OperationFactory& factory, const Script& script, OperationFixture& fixture) {
    auto operation = factory(fixture);
    return run_script(*operation, script);
}

}  // namespace

TEST_CASE("startup with trust") {
    Script script;
    script.write(alice_startup()).read(session_ready());

    OperationFixture fixture;
    check_ready_session(fixture, run_once(startup_with(std::nullopt), script, fixture));
    check_every_fault(startup_with(std::nullopt), script);
    check_every_read_size(startup_with(std::nullopt), script);
}

TEST_CASE("startup with cleartext password") {
    Script script;
    script.write(alice_startup()).read(authentication(3)).write(password_message("pw")).read(session_ready());

    OperationFixture fixture;
    check_ready_session(fixture, run_once(startup_with("pw"), script, fixture));
    check_every_fault(startup_with("pw"), script);
    check_every_read_size(startup_with("pw"), script);
}

TEST_CASE("startup with md5 password") {
    Script script;
    script.write(alice_startup()).read(md5_request()).write(md5_answer()).read(session_ready());

    OperationFixture fixture;
    check_ready_session(fixture, run_once(startup_with("pw"), script, fixture));
    check_every_fault(startup_with("pw"), script);
}

TEST_CASE("startup with scram") {
    OperationFixture fixture;
    check_ready_session(fixture, run_once(startup_with("pencil"), scram_script(), fixture));
    check_every_fault(startup_with("pencil"), scram_script());
    check_every_read_size(startup_with("pencil"), scram_script());
}

TEST_CASE("startup scram wrong server signature") {
    Script script = scram_script();
    script.steps().back().bytes =
        concat({sasl_final("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), session_ready()});

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with("pencil"), script, fixture);
    CHECK(outcome.error == errc::scram_server_signature_mismatch);
    CHECK_FALSE(outcome.connection_usable);
    CHECK(fixture.diagnostics.client_message().find("server-final") != std::string::npos);
}

TEST_CASE("startup scram skipped final") {
    Script script = scram_script();
    script.steps().back().bytes = session_ready();

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with("pencil"), script, fixture);
    CHECK(outcome.error == errc::unexpected_message);
    CHECK_FALSE(outcome.connection_usable);
    CHECK(fixture.diagnostics.client_message().find("before completing the SCRAM exchange") != std::string::npos);
}

TEST_CASE("startup without needed password") {
    const std::vector<std::pair<std::string, ByteVector>> requests = {
        {"password", authentication(3)},
        {"md5", md5_request()},
        {"SCRAM-SHA-256", sasl_request({"SCRAM-SHA-256"})},
    };
    for (const auto& [method, request] : requests) {
        INFO("method " << method);
        Script script;
        script.write(alice_startup()).read(request);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_with(std::nullopt), script, fixture);
        CHECK(outcome.script_violation.empty());
        CHECK(outcome.error == errc::password_required);
        CHECK(fixture.diagnostics.client_message().find(method + " authentication for user \"alice\"") !=
              std::string::npos);
    }
}

TEST_CASE("startup unsupported methods") {
    Script script;
    script.write(alice_startup()).read(authentication(7));
    OperationFixture fixture;
    ScriptOutcome outcome = run_once(startup_with("pw"), script, fixture);
    CHECK(outcome.error == errc::unsupported_auth_method);
    CHECK(fixture.diagnostics.client_message().find("GSSAPI authentication (request code 7)") != std::string::npos);

    Script sasl_script;
    sasl_script.write(alice_startup()).read(sasl_request({"SCRAM-SHA-1", "OAUTHBEARER"}));
    OperationFixture sasl_fixture;
    outcome = run_once(startup_with("pw"), sasl_script, sasl_fixture);
    CHECK(outcome.error == errc::no_supported_sasl_mechanism);
    CHECK(sasl_fixture.diagnostics.client_message().find("[SCRAM-SHA-1, OAUTHBEARER]") != std::string::npos);
}

TEST_CASE("startup server error at every read") {
    const ByteVector fatal = error_response("FATAL", "28P01", "password authentication failed for user \"alice\"");
    const Script full = scram_script();

    for (std::size_t step = 0; step < full.steps().size(); ++step) {
        if (full.steps()[step].kind != ScriptStep::Kind::read) continue;
        INFO("ErrorResponse at step " << step);

        Script script;
        for (std::size_t i = 0; i < step; ++i) script.steps().push_back(full.steps()[i]);
        script.read(fatal);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_with("pencil"), script, fixture);
        CHECK(outcome.script_violation.empty());
        CHECK(outcome.error == errc::server_error);
        CHECK_FALSE(outcome.connection_usable);
        REQUIRE(fixture.diagnostics.server_error());
        CHECK(fixture.diagnostics.server_error()->sqlstate == "28P01");
    }
}

TEST_CASE("startup protocol violations") {
    struct Case {
        std::string name;
        ByteVector reply;
        std::error_code expected;
    };
    const std::vector<Case> cases = {
        {"ready before auth", ready_for_query(), errc::unexpected_message},
        {"data row during startup", data_row({"x"}), errc::unexpected_message},
        {"unknown tag", {'x', 0, 0, 0, 4}, errc::unknown_message_type},
        {"short length", {'R', 0, 0, 0, 2}, errc::invalid_length},
        {"bad key data", BodyBuilder().int32(1).message('K'), errc::invalid_field},
        {"bad parameter status", BodyBuilder().raw("x").message('S'), errc::message_truncated},
        {"second auth ok", concat({authentication(0), authentication(0)}), errc::unexpected_message},
        {"sasl continue first", sasl_continue("r=x"), errc::unexpected_message},
        {"sasl final first", sasl_final("v=x"), errc::unexpected_message},
    };
    for (const auto& test_case : cases) {
        INFO("case: " << test_case.name);
        Script script;
        script.write(alice_startup()).read(test_case.reply);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_with("pw"), script, fixture);
        CHECK(outcome.error == test_case.expected);
        CHECK_FALSE(outcome.connection_usable);
        CHECK_FALSE(fixture.diagnostics.client_message().empty());
    }
}

TEST_CASE("startup notice before ready") {
    Script script;
    script.write(alice_startup()).read(concat({notice_response("hi"), session_ready()}));

    OperationFixture fixture;
    std::vector<std::string> notices;
    fixture.session.notice_callback = [&](const ServerError& notice) { notices.push_back(notice.message); };
    check_ready_session(fixture, run_once(startup_with(std::nullopt), script, fixture));
    CHECK(notices == std::vector<std::string>{"hi"});
}

TEST_CASE("startup resumed after done") {
    Script script;
    script.write(alice_startup()).read(session_ready());
    OperationFixture fixture;
    auto operation = startup_with(std::nullopt)(fixture);
    REQUIRE_FALSE(run_script(*operation, script).error);
    CHECK(operation->resume({}, 0).error() == errc::operation_out_of_order);
}

TEST_CASE("startup scram server rejection") {
    Script script = scram_script();
    script.steps().back().bytes = sasl_final("e=invalid-proof");

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with("pencil"), script, fixture);
    CHECK(outcome.error == errc::scram_server_rejected);
    CHECK_FALSE(outcome.connection_usable);
    CHECK(fixture.diagnostics.client_message().find("(server error \"invalid-proof\")") != std::string::npos);
}

namespace {

ByteVector startup_requesting(std::int32_t version) {
    ByteVector bytes;
    REQUIRE_FALSE(append_startup_message(
        bytes, {{"user", "alice"}, {"database", "shop"}, {"application_name", "wiredump"}}, version));
    return bytes;
}

// Servers send the whole version word, 196608 for 3.0.
ByteVector negotiate(std::int32_t newest_version, std::initializer_list<std::string_view> options = {}) {
    BodyBuilder body;
    body.int32(newest_version).int32(static_cast<std::int32_t>(options.size()));
    for (const auto option : options) body.cstring(option);
    return body.message('v');
}

OperationFactory startup_asking(std::int32_t version, std::int32_t min_version) {
    return [=](OperationFixture& fixture) {
        StartupOptions options = alice_options(std::nullopt);
        options.protocol_version = version;
        options.min_protocol_version = min_version;
        return std::make_unique<StartupOperation>(std::move(options), fixture.buffer, fixture.session,
                                                  fixture.diagnostics);
    };
}

// PostgreSQL 18's BackendKeyData: a 32-byte secret key.
ByteVector session_ready_long_key() {
    return concat({authentication(0), parameter_status("client_encoding", "UTF8"),
                   BodyBuilder().int32(4242).raw(std::string(32, 'k')).message('K'), ready_for_query()});
}

}  // namespace

TEST_CASE("startup 3.2 accepted") {
    Script script;
    script.write(startup_requesting(protocol_version_3_2)).read(session_ready_long_key());

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_asking(protocol_version_3_2, protocol_version_3_0), script, fixture);
    CHECK_FALSE(outcome.error);
    CHECK(fixture.session.protocol_version == protocol_version_3_2);
    CHECK(fixture.session.backend_key.secret_key == ByteVector(32, 'k'));
    check_every_fault(startup_asking(protocol_version_3_2, protocol_version_3_0), script);
}

TEST_CASE("startup 3.2 downgraded to 3.0") {
    Script script;
    script.write(startup_requesting(protocol_version_3_2))
        .read(concat({negotiate(protocol_version_3_0), session_ready()}));

    OperationFixture fixture;
    check_ready_session(fixture, run_once(startup_asking(protocol_version_3_2, protocol_version_3_0), script, fixture));
    CHECK(fixture.session.protocol_version == protocol_version_3_0);
    check_every_fault(startup_asking(protocol_version_3_2, protocol_version_3_0), script);
    check_every_read_size(startup_asking(protocol_version_3_2, protocol_version_3_0), script, 16);
}

TEST_CASE("startup negotiation failures") {
    struct Case {
        const char* name;
        std::int32_t requested;
        std::int32_t minimum;
        ByteVector reply;
        std::error_code expected;
    };
    const std::vector<Case> cases = {
        {"below minimum", protocol_version_3_2, protocol_version_3_2, negotiate(protocol_version_3_0),
         errc::unsupported_protocol_version},
        {"unknown option", protocol_version_3_2, protocol_version_3_0,
         negotiate(protocol_version_3_0, {"_pq_.unknown"}), errc::unexpected_message},
        {"not a downgrade", protocol_version_3_2, protocol_version_3_0, negotiate(protocol_version_3_2),
         errc::unexpected_message},
        {"version 3.1", protocol_version_3_2, protocol_version_3_0, negotiate(protocol_version_3_0 + 1),
         errc::unexpected_message},
        {"bare minor number", protocol_version_3_2, protocol_version_3_0, negotiate(0), errc::unexpected_message},
        {"major version 4", protocol_version_3_2, protocol_version_3_0, negotiate(4 << 16), errc::unexpected_message},
        {"negotiate to 3.0 request", protocol_version_3_0, protocol_version_3_0, negotiate(protocol_version_3_0),
         errc::unexpected_message},
        {"negotiate twice", protocol_version_3_2, protocol_version_3_0,
         concat({negotiate(protocol_version_3_0), negotiate(protocol_version_3_0)}), errc::unexpected_message},
    };
    for (const Case& test_case : cases) {
        INFO("case: " << test_case.name);
        Script script;
        script.write(startup_requesting(test_case.requested)).read(test_case.reply);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_asking(test_case.requested, test_case.minimum), script, fixture);
        CHECK(outcome.error == test_case.expected);
        CHECK_FALSE(outcome.connection_usable);
        CHECK_FALSE(fixture.diagnostics.client_message().empty());
    }
}

TEST_CASE("startup reports an exposed password") {
    Script script;
    script.write(alice_startup()).read(authentication(3)).write(password_message("pw")).read(session_ready());

    std::vector<std::string> methods;
    OperationFactory factory = [&](OperationFixture& fixture) {
        StartupOptions options = alice_options("pw");
        options.before_exposed_password = [&](std::string_view method) { methods.emplace_back(method); };
        return std::make_unique<StartupOperation>(std::move(options), fixture.buffer, fixture.session,
                                                  fixture.diagnostics);
    };
    OperationFixture fixture;
    check_ready_session(fixture, run_once(factory, script, fixture));
    CHECK(methods == std::vector<std::string>{"password"});
}
