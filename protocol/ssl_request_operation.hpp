#pragma once

#include "protocol/diagnostics.hpp"
#include "protocol/next_action.hpp"

#include <array>
#include <cstdint>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

// The server's one-byte reply to SSLRequest.
enum class SslResponse {
    none,      // no reply yet, or the exchange failed
    accepted,  // 'S': start the TLS handshake on this connection
    refused,   // 'N': the server does not do TLS; the startup may continue in plain text
};

// Sends SSLRequest and reads the reply, the first step of a TLS connection
// with sslnegotiation=postgres. Call resume({}, 0) first, then resume() with
// the outcome of each action until it is done.
//
// The server replies with one byte and sends nothing more until the client
// speaks again, so any byte after 'S' was injected by someone else and would
// later be taken as if it came through TLS. Those bytes fail with
// errc::unencrypted_data_after_ssl_response, as libpq does since 14.1, and
// bytes after 'N' fail the same way. 'E' (a server too old to know
// SSLRequest, or one that could not start a backend) fails with
// errc::ssl_request_error_response. The error text that follows 'E' is not
// read, because it arrived before any encryption and anyone on the path
// could have written it.
class SslRequestOperation {
public:
    explicit SslRequestOperation(Diagnostics& diagnostics);

    NextAction resume(std::error_code io_error, std::size_t bytes_transferred);

    SslResponse response() const { return response_; }

private:
    enum class State { initial, writing, reading, done };

    NextAction finish(std::error_code error, std::string message);
    NextAction handle_reply(std::size_t count);

    Diagnostics& diagnostics_;
    State state_ = State::initial;
    SslResponse response_ = SslResponse::none;
    std::vector<std::uint8_t> request_;
    // Larger than the one expected byte, so that extra bytes show up in the
    // same read.
    std::array<std::uint8_t, 64> reply_{};
};

}  // namespace wiredump::protocol
