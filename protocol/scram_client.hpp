#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace wiredump::protocol {

// Client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it.
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
class ScramClient {
public:
    // Uses a random 18-byte nonce from OpenSSL's RAND_bytes.
    explicit ScramClient(std::string password);
    // Uses the given client nonce; for tests that replay a recorded exchange.
    ScramClient(std::string password, std::string client_nonce);

    static constexpr std::string_view mechanism = "SCRAM-SHA-256";

    std::string client_first_message();
    std::error_code handle_server_first(std::string_view server_first, std::string& client_final);
    std::error_code verify_server_final(std::string_view server_final);

private:
    enum class State { initial, first_sent, final_sent, done };

    State state_ = State::initial;
    std::string password_;
    std::string client_nonce_;
    std::string client_first_bare_;
    std::string expected_server_signature_;  // raw bytes
};

// Returns "md5" followed by the hex digest that AuthenticationMD5Password
// expects: md5(md5(password + user) hex + salt) hex.
std::string md5_password_response(std::string_view user, std::string_view password,
                                  const unsigned char salt[4]);

}  // namespace wiredump::protocol
