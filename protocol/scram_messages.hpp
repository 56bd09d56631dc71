#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

// Parsers for the two SCRAM messages a PostgreSQL server sends (RFC 5802
// section 7). They check syntax only. The nonce prefix and the signature
// depend on the exchange, so ScramClient checks those.
namespace wiredump::protocol::scram {

// server-first-message: "r=<nonce>,s=<base64 salt>,i=<iterations>".
struct ServerFirst {
    std::string nonce;  // client nonce followed by the server's part
    std::string salt;   // decoded bytes, never empty
    int iterations = 0; // positive
};

// server-final-message: "v=<base64 signature>" or "e=<server-error-value>".
struct ServerFinal {
    std::string server_signature;          // decoded bytes, when v= was sent
    std::optional<std::string> error_value;  // set when e= was sent
};

// Returns errc::scram_missing_attribute, scram_attribute_out_of_order,
// scram_invalid_base64 or scram_invalid_iteration_count for those faults, and
// scram_invalid_server_message for any other syntax error. Mandatory
// extensions (m=) and attributes after i= are rejected because PostgreSQL
// sends neither.
std::error_code parse_server_first(std::string_view message, ServerFirst& out);

// Accepts "e=" with any value and "v=" with a 32-byte signature. Error
// codes as for parse_server_first.
std::error_code parse_server_final(std::string_view message, ServerFinal& out);

}  // namespace wiredump::protocol::scram
