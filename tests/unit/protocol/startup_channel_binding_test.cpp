#include "operation_script.hpp"
#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/startup_operation.hpp"

#include <catch2/catch.hpp>

#include <tuple>

using namespace wiredump::protocol;
using namespace wiredump::protocol::test;

namespace {

// The exchange of scram_channel_binding_test.cpp: password "pencil", the
// RFC 7677 nonces, and tls-server-end-point data 0x00 ... 0x1f.
constexpr std::string_view nonce = "rOprNGfwEbeRWgbNEkqO";
constexpr std::string_view server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr std::string_view plus_client_final =
    "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,"
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=Q8h71kjaoMzNI7dPksDrhRE/5mTUObF0fUHVIgBOWQg=";
constexpr std::string_view plus_server_final = "v=ykwoqH8mLqO5AQCeuwwf6lsj9f8zyJZT/CcvAbN4Ssc=";

StartupOptions options_with(ChannelBinding binding, bool tls) {
    StartupOptions options;
    options.user = "alice";
    options.password = "pencil";
    options.scram_client_nonce = std::string(nonce);
    options.channel_binding = binding;
    options.tls_in_use = tls;
    if (tls) {
        for (int i = 0; i < 32; ++i) options.tls_server_end_point.push_back(static_cast<std::uint8_t>(i));
    }
    return options;
}

OperationFactory startup_with(ChannelBinding binding, bool tls) {
    return [=](OperationFixture& fixture) {
        return std::make_unique<StartupOperation>(options_with(binding, tls), fixture.buffer, fixture.session,
                                                  fixture.diagnostics);
    };
}

ByteVector alice_startup() {
    ByteVector bytes;
    REQUIRE_FALSE(append_startup_message(bytes, {{"user", "alice"}}));
    return bytes;
}

ByteVector sasl_request(std::initializer_list<std::string_view> mechanisms) {
    BodyBuilder body;
    body.int32(10);
    for (const auto mechanism : mechanisms) body.cstring(mechanism);
    return body.cstring("").message('R');
}

ByteVector sasl_initial(std::string_view mechanism, std::string_view first) {
    ByteVector bytes;
    REQUIRE_FALSE(append_sasl_initial_response(bytes, mechanism, first));
    return bytes;
}

ByteVector session_ready() { return concat({authentication(0), backend_key_data(1, 2), ready_for_query()}); }

ScriptOutcome run_once(const OperationFactory& factory, const Script& script, OperationFixture& fixture) {
    auto operation = factory(fixture);
    return run_script(*operation, script);
}

}  // namespace

TEST_CASE("startup scram plus over tls", "[startup]") {
    Script script;
    script.write(alice_startup())
        .read(sasl_request({"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}))
        .write(sasl_initial("SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=rOprNGfwEbeRWgbNEkqO"))
        .read(BodyBuilder().int32(11).raw(server_first).message('R'))
        .write(BodyBuilder().raw(plus_client_final).message('p'))
        .read(concat({BodyBuilder().int32(12).raw(plus_server_final).message('R'), session_ready()}));

    for (const ChannelBinding binding : {ChannelBinding::prefer, ChannelBinding::require}) {
        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_with(binding, true), script, fixture);
        INFO(fixture.diagnostics.client_message());
        CHECK(outcome.script_violation.empty());
        CHECK_FALSE(outcome.error);
        CHECK(outcome.connection_usable);
    }
    check_every_fault(startup_with(ChannelBinding::require, true), script);
}

TEST_CASE("startup scram over tls without plus offer", "[startup]") {
    Script script;
    script.write(alice_startup())
        .read(sasl_request({"SCRAM-SHA-256"}))
        .write(sasl_initial("SCRAM-SHA-256", "y,,n=,r=rOprNGfwEbeRWgbNEkqO"));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with(ChannelBinding::prefer, true), script, fixture);
    // Every write matched; the script ends before the server's next message.
    CHECK(outcome.script_violation == "unexpected read at step 3");
    CHECK(outcome.steps_left == 0);

    OperationFixture required;
    Script refused;
    refused.write(alice_startup()).read(sasl_request({"SCRAM-SHA-256"}));
    const ScriptOutcome failed = run_once(startup_with(ChannelBinding::require, true), refused, required);
    CHECK(failed.error == errc::channel_binding_required);
    CHECK(required.diagnostics.client_message().find("did not offer SCRAM-SHA-256-PLUS") != std::string::npos);
}

TEST_CASE("startup channel binding disabled over tls", "[startup]") {
    Script script;
    script.write(alice_startup())
        .read(sasl_request({"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}))
        .write(sasl_initial("SCRAM-SHA-256", "n,,n=,r=rOprNGfwEbeRWgbNEkqO"));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with(ChannelBinding::disable, true), script, fixture);
    // Every write matched; the script ends before the server's next message.
    CHECK(outcome.script_violation == "unexpected read at step 3");
    CHECK(outcome.steps_left == 0);
}

TEST_CASE("startup plus offer without tls", "[startup]") {
    Script script;
    script.write(alice_startup()).read(sasl_request({"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with(ChannelBinding::prefer, false), script, fixture);
    CHECK(outcome.error == errc::scram_plus_without_tls);
    CHECK_FALSE(outcome.connection_usable);
}

TEST_CASE("startup channel binding required without tls", "[startup]") {
    Script script;
    script.write(alice_startup()).read(sasl_request({"SCRAM-SHA-256"}));

    OperationFixture fixture;
    const ScriptOutcome outcome = run_once(startup_with(ChannelBinding::require, false), script, fixture);
    CHECK(outcome.error == errc::channel_binding_required);
    CHECK(fixture.diagnostics.client_message().find("does not use TLS") != std::string::npos);
}

TEST_CASE("startup channel binding required other methods", "[startup]") {
    const std::vector<std::pair<std::string, ByteVector>> requests = {
        {"trust", authentication(0)},
        {"password", authentication(3)},
        {"md5", BodyBuilder().int32(5).raw("\x01\x02\x03\x04").message('R')},
    };
    for (const auto& [name, request] : requests) {
        Script script;
        script.write(alice_startup()).read(request);

        OperationFixture fixture;
        const ScriptOutcome outcome = run_once(startup_with(ChannelBinding::require, true), script, fixture);
        INFO(name << ": " << fixture.diagnostics.client_message());
        CHECK(outcome.error == errc::channel_binding_required);
        CHECK(outcome.writes.size() == 1);
        CHECK(fixture.diagnostics.client_message().find("channel_binding=prefer") != std::string::npos);
    }
}

TEST_CASE("startup plus without end point hash", "[startup]") {
    Script script;
    script.write(alice_startup()).read(sasl_request({"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));

    StartupOptions options = options_with(ChannelBinding::prefer, true);
    options.tls_server_end_point.clear();
    OperationFixture fixture;
    StartupOperation operation(options, fixture.buffer, fixture.session, fixture.diagnostics);
    const ScriptOutcome outcome = run_script(operation, script);
    CHECK(outcome.error == errc::channel_binding_unavailable);
}

// Runs a trust login over TLS with sslcertmode=require and the given
// outcome of the TLS handshake's certificate request.
ScriptOutcome run_certificate_required(bool requested, bool sent, OperationFixture& fixture) {
    Script script;
    script.write(alice_startup()).read(session_ready());

    StartupOptions options = options_with(ChannelBinding::prefer, true);
    options.client_certificate_required = true;
    options.client_certificate_requested = requested;
    options.client_certificate_sent = sent;
    StartupOperation operation(options, fixture.buffer, fixture.session, fixture.diagnostics);
    return run_script(operation, script);
}

TEST_CASE("startup client certificate required", "[startup]") {
    const std::vector<std::tuple<bool, bool, std::string>> cases = {
        {false, false, "did not request a client certificate"},
        {true, false, "without a client certificate"},
    };
    for (const auto& [requested, sent, message] : cases) {
        OperationFixture fixture;
        const ScriptOutcome outcome = run_certificate_required(requested, sent, fixture);
        INFO(fixture.diagnostics.client_message());
        CHECK(outcome.error == errc::client_certificate_required);
        CHECK(fixture.diagnostics.client_message().find(message) != std::string::npos);
    }

    OperationFixture fixture;
    const ScriptOutcome outcome = run_certificate_required(true, true, fixture);
    CHECK_FALSE(outcome.error);
    CHECK(outcome.connection_usable);
}
