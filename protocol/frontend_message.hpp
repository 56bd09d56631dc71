#pragma once

// Frontend (client-to-server) messages of protocol 3.0. Each function appends
// one complete message to out, length word included, so several messages can
// be batched into one write. Functions that carry strings return
// errc::nul_in_string, leaving out unchanged, when a string contains a NUL
// byte, because the protocol ends strings at the first NUL.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace wiredump::protocol {

// Protocol versions as the StartupMessage version word: the major version in
// the high 16 bits, the minor in the low 16. Version 3.2 came with PostgreSQL
// 18; 3.1 was never used by any server.
inline constexpr std::int32_t protocol_version_3_0 = 3 << 16;
inline constexpr std::int32_t protocol_version_3_2 = (3 << 16) | 2;
// Request codes sent in place of a protocol version.
inline constexpr std::int32_t ssl_request_code = 80877103;
inline constexpr std::int32_t cancel_request_code = 80877102;

using StartupParameters = std::vector<std::pair<std::string, std::string>>;

// StartupMessage requesting `version` (protocol_version_3_0 or _3_2) with the
// given (name, value) pairs, such as ("user", "alice"), ("database", "shop").
// A pair with an empty name is skipped, because an empty name ends the list.
std::error_code append_startup_message(std::vector<std::uint8_t>& out, const StartupParameters& parameters,
                                       std::int32_t version = protocol_version_3_0);

// PasswordMessage with a cleartext password or an MD5 response.
std::error_code append_password_message(std::vector<std::uint8_t>& out, std::string_view password);

// SASLInitialResponse: the chosen mechanism and the client-first message.
std::error_code append_sasl_initial_response(std::vector<std::uint8_t>& out, std::string_view mechanism,
                                             std::string_view data);

// SASLResponse with the client-final message. The data may contain any byte.
void append_sasl_response(std::vector<std::uint8_t>& out, std::string_view data);

// Query: one or more SQL statements for the simple query protocol.
std::error_code append_query(std::vector<std::uint8_t>& out, std::string_view sql);

void append_terminate(std::vector<std::uint8_t>& out);

// CopyFail with the reason the server reports back in its ErrorResponse.
std::error_code append_copy_fail(std::vector<std::uint8_t>& out, std::string_view reason);

// SSLRequest, sent before StartupMessage to ask for TLS.
void append_ssl_request(std::vector<std::uint8_t>& out);

// CancelRequest, sent on a new connection with the process id and the whole
// secret key from BackendKeyData (4 bytes in protocol 3.0, up to 256 in 3.2).
void append_cancel_request(std::vector<std::uint8_t>& out, std::int32_t process_id,
                           std::span<const std::uint8_t> secret_key);

}  // namespace wiredump::protocol
