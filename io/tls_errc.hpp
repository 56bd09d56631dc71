#pragma once

#include <system_error>

namespace wiredump::io {

// Failures of TLS set-up and of the TLS stream. The text, with file names and
// OpenSSL's reason, is in Diagnostics.
enum class tls_errc {
    ssl_not_supported = 1,      // the server replied to SSLRequest with 'N', and sslmode needs TLS
    file_error,                 // a root certificate, client certificate, key or CRL file could not be used
    invalid_settings,           // a combination of TLS settings that libpq rejects too
    handshake_failed,           // the TLS handshake failed for a reason other than the server certificate
    certificate_verify_failed,  // the server certificate chain did not verify against the trusted roots
    host_name_mismatch,         // the server certificate does not name the host (sslmode=verify-full)
    alpn_missing,               // a direct TLS connection without the ALPN protocol "postgresql"
    stream_failed,              // reading or writing the TLS stream failed after the handshake
};

const std::error_category& tls_category();

inline std::error_code make_error_code(tls_errc value) {
    return {static_cast<int>(value), tls_category()};
}

}  // namespace wiredump::io

template <>
struct std::is_error_code_enum<wiredump::io::tls_errc> : std::true_type {};
