#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/ssl_request_operation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace wiredump::protocol;

namespace {

struct Outcome {
    std::error_code error;
    SslResponse response = SslResponse::none;
    std::vector<std::uint8_t> written;
    std::string message;
};

// Plays the server: takes the one write, then delivers reply in one read.
// A read_error or write_error replaces that step's outcome.
Outcome run(const std::string& reply, std::error_code write_error = {}, std::error_code read_error = {}) {
    Outcome outcome;
    Diagnostics diagnostics;
    SslRequestOperation operation(diagnostics);

    NextAction action = operation.resume({}, 0);
    REQUIRE(action.kind() == NextAction::Kind::write);
    outcome.written.assign(action.write_bytes().begin(), action.write_bytes().end());
    action = operation.resume(write_error, 0);

    if (!action.is_done()) {
        REQUIRE(action.kind() == NextAction::Kind::read);
        const std::size_t count = std::min(reply.size(), action.read_space().size());
        std::copy_n(reply.begin(), count, action.read_space().begin());
        action = operation.resume(read_error, read_error ? 0 : count);
    }
    REQUIRE(action.is_done());
    outcome.error = action.error();
    outcome.response = operation.response();
    outcome.message = diagnostics.client_message();
    return outcome;
}

}  // namespace

TEST_CASE("ssl request bytes", "[ssl_request]") {
    std::vector<std::uint8_t> expected;
    append_ssl_request(expected);
    CHECK(expected == std::vector<std::uint8_t>{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f});
    CHECK(run("S").written == expected);
}

TEST_CASE("ssl request accepted", "[ssl_request]") {
    const Outcome outcome = run("S");
    CHECK_FALSE(outcome.error);
    CHECK(outcome.response == SslResponse::accepted);
}

TEST_CASE("ssl request refused", "[ssl_request]") {
    const Outcome outcome = run("N");
    CHECK_FALSE(outcome.error);
    CHECK(outcome.response == SslResponse::refused);
}

TEST_CASE("ssl request data after S", "[ssl_request]") {
    const Outcome outcome = run(std::string("SR\0\0\0\x08\0\0\0\0", 10));
    CHECK(outcome.error == errc::unencrypted_data_after_ssl_response);
    CHECK(outcome.response == SslResponse::none);
    CHECK(outcome.message.find("9 unexpected bytes after its 'S'") != std::string::npos);
}

TEST_CASE("ssl request data after N", "[ssl_request]") {
    const Outcome outcome = run("NX");
    CHECK(outcome.error == errc::unencrypted_data_after_ssl_response);
    CHECK(outcome.response == SslResponse::none);
}

TEST_CASE("ssl request error response", "[ssl_request]") {
    const Outcome outcome = run(std::string("E\0\0\0\x20SFATAL\0", 12));
    CHECK(outcome.error == errc::ssl_request_error_response);
    CHECK(outcome.message.find("error response") != std::string::npos);
    CHECK(outcome.message.find("FATAL") == std::string::npos);
}

TEST_CASE("ssl request invalid reply", "[ssl_request]") {
    const Outcome outcome = run("H");
    CHECK(outcome.error == errc::invalid_ssl_response);
    CHECK(outcome.message.find("byte 72") != std::string::npos);
}

TEST_CASE("ssl request end of stream", "[ssl_request]") {
    const Outcome outcome = run("");
    CHECK(outcome.error == errc::connection_closed);
    CHECK(outcome.response == SslResponse::none);
}

TEST_CASE("ssl request io faults", "[ssl_request]") {
    const auto broken = std::make_error_code(std::errc::broken_pipe);
    const Outcome write_failed = run("S", broken);
    CHECK(write_failed.error == broken);
    CHECK(write_failed.message.find("could not send SSLRequest") != std::string::npos);

    const auto reset = std::make_error_code(std::errc::connection_reset);
    const Outcome read_failed = run("S", {}, reset);
    CHECK(read_failed.error == reset);
    CHECK(read_failed.response == SslResponse::none);
}

TEST_CASE("ssl request resumed after done", "[ssl_request]") {
    Diagnostics diagnostics;
    SslRequestOperation operation(diagnostics);
    operation.resume({}, 0);
    operation.resume({}, 0);
    NextAction action = operation.resume(std::make_error_code(std::errc::connection_reset), 0);
    REQUIRE(action.is_done());
    action = operation.resume({}, 0);
    CHECK(action.error() == errc::operation_out_of_order);
}
