#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

// The channel-binding part of a SCRAM exchange (RFC 5802 section 7, gs2-header).
struct ScramChannelBinding {
    enum class Flag {
        not_supported,          // "n": no TLS, or channel_binding=disable
        server_not_offering,    // "y": TLS is in use, but the server offered no -PLUS mechanism
        tls_server_end_point,   // "p=tls-server-end-point": SCRAM-SHA-256-PLUS
    };
    Flag flag = Flag::not_supported;
    // The tls-server-end-point data (RFC 5929 section 4.1): the hash of the
    // server certificate. Used only with Flag::tls_server_end_point.
    std::vector<std::uint8_t> data;
};

// Client side of SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677)
// as PostgreSQL uses them. The channel binding data comes from the I/O layer,
// which owns the TLS session.
//
// Call order: client_first_message() and send it in SASLInitialResponse;
// on AuthenticationSASLContinue pass its data to handle_server_first() and send
// the returned client-final message in SASLResponse; on AuthenticationSASLFinal
// pass its data to verify_server_final(). A call out of this order returns
// errc::scram_out_of_order instead of aborting.
//
// The password is prepared with SASLprep (RFC 4013). Where SASLprep rejects it
// (invalid UTF-8, prohibited characters), the raw bytes are used, as libpq does,
// because PostgreSQL passwords need not be valid UTF-8.
//
// Protocol faults return a std::error_code. Exceptions are thrown only when
// memory runs out or OpenSSL or libidn fails (no default provider, a broken
// library build).
class ScramClient {
public:
    // Uses a random 18-byte nonce from OpenSSL's RAND_bytes.
    explicit ScramClient(std::string password, ScramChannelBinding binding = {});
    // Uses the given client nonce; for tests that replay a recorded exchange.
    ScramClient(std::string password, std::string client_nonce, ScramChannelBinding binding = {});

    static constexpr std::string_view mechanism = "SCRAM-SHA-256";
    static constexpr std::string_view plus_mechanism = "SCRAM-SHA-256-PLUS";

    // The SASL mechanism name that matches the channel binding flag.
    std::string_view mechanism_name() const;

    // True once the server signature was verified in an exchange that used
    // tls-server-end-point channel binding.
    bool channel_bound() const;

    // Overwrites the prepared password and the expected server signature.
    ~ScramClient();
    ScramClient(const ScramClient&) = default;
    ScramClient(ScramClient&&) = default;
    ScramClient& operator=(const ScramClient&) = default;
    ScramClient& operator=(ScramClient&&) = default;

    // Returns "<gs2 header>n=,r=<client nonce>", where the gs2 header is "n,,",
    // "y,," or "p=tls-server-end-point,,". The user name is empty because
    // PostgreSQL takes it from the startup message. A repeated call returns
    // the same message and does not change the state.
    std::string client_first_message();

    // Parses the server-first message and stores the client-final message
    // in `client_final`, which is left unchanged on error. Any error ends the
    // exchange, and later calls return errc::scram_out_of_order.
    // NOTE: any iteration count up to INT_MAX is accepted. PBKDF2 took 0.6 s
    // per million iterations on one core of a 2-core Xeon test machine, so a
    // hostile server can keep this call busy for about 20 minutes, and a
    // timer in the I/O driver's thread cannot interrupt it.
    std::error_code handle_server_first(std::string_view server_first, std::string& client_final);

    // Checks the server signature. Returns errc::scram_server_rejected when
    // the server sent e=, with the value in server_error_value().
    std::error_code verify_server_final(std::string_view server_final);

    // The server-error-value of an e= server-final message (RFC 5802
    // section 7), such as "invalid-proof", or empty.
    const std::string& server_error_value() const { return server_error_value_; }

private:
    enum class State { initial, first_sent, final_sent, done, failed };

    // RFC 5802 gs2-header: the channel binding flag and an empty authzid.
    std::string gs2_header_;
    ScramChannelBinding binding_;

    State state_ = State::initial;
    std::string password_;  // after SASLprep; wiped once the proof is built
    std::string client_nonce_;
    std::string client_first_bare_;
    std::string expected_server_signature_;  // raw bytes
    std::string server_error_value_;
};

// Returns "md5" followed by the hex digest that AuthenticationMD5Password
// expects: md5(md5(password + user) hex + salt) hex.
std::string md5_password_response(std::string_view user, std::string_view password,
                                  const unsigned char salt[4]);

}  // namespace wiredump::protocol
