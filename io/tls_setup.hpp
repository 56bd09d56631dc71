#pragma once

#include "io/connect_params.hpp"
#include "io/tls_transport.hpp"
#include "protocol/diagnostics.hpp"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::io {

// The client side of one TLS connection attempt, ready for the handshake.
struct TlsClient {
    SslPointer ssl;  // moves into the TlsTransport
    // True when trusted roots were loaded, so the handshake checks the chain.
    bool verifies_chain = false;
    // The source of the trusted roots, named in messages.
    std::string roots_description;
};

// Sets up TLS for params as libpq does: the trusted roots (sslrootcert, the
// default ~/.postgresql/root.crt when it exists, or the system store), the
// CRLs, the client certificate and key, the protocol version range, SNI and
// ALPN "postgresql". Returns tls_errc::file_error or invalid_settings with a
// message naming the file or setting.
std::error_code make_tls_client(const ConnectParams& params, TlsClient& client, protocol::Diagnostics& diagnostics);

// Turns a failed handshake into a message: a certificate verification
// failure names the trusted roots and OpenSSL's reason.
std::error_code describe_handshake_failure(SSL* ssl, const TlsClient& client, std::error_code error,
                                           const std::string& reason, protocol::Diagnostics& diagnostics);

// Checks the finished handshake: the host name for sslmode=verify-full and
// the ALPN protocol for sslnegotiation=direct.
std::error_code check_tls_peer(const ConnectParams& params, SSL* ssl, protocol::Diagnostics& diagnostics);

// Returns the tls-server-end-point channel binding data (RFC 5929 section
// 4.1): the server certificate hashed with its signature's hash function,
// SHA-256 in place of MD5 and SHA-1. Empty when the signature algorithm has
// no single hash function (Ed25519, for example).
std::vector<std::uint8_t> tls_server_end_point(SSL* ssl);

// Returns why libpq would reject a private key file with this mode and
// owner, or "" when it is acceptable. The file must not be readable by group
// or others (0600 or less). A file that root owns may be 0640.
std::string key_file_permission_problem(const std::string& path, mode_t mode, uid_t owner, uid_t effective_user);

// True when host should go into the SNI extension: not empty, and not an
// IPv4 or IPv6 literal, by libpq's test (only digits and dots, or a colon).
bool sends_sni(std::string_view host);

}  // namespace wiredump::io
