#pragma once

#include "protocol/startup_operation.hpp"

#include <optional>
#include <string>

namespace wiredump::io {

// libpq's sslmode: whether TLS is used and how far the server is checked.
enum class SslMode {
    disable,      // plain text only
    allow,        // plain text first, TLS when the server rejects the plain connection
    prefer,       // TLS first, plain text when the server refuses TLS or the TLS attempt fails
    require,      // TLS only; the certificate chain is checked when a root certificate file exists
    verify_ca,    // TLS only, with a certificate chain that leads to a trusted root
    verify_full,  // as verify_ca, and the certificate must name the host
};

// libpq's sslnegotiation.
enum class SslNegotiation {
    postgres,  // SSLRequest first, TLS after the server replies 'S'
    direct,    // the TLS handshake at once, with ALPN "postgresql" (servers 17 and later)
};

enum class TlsVersion { tls1_0, tls1_1, tls1_2, tls1_3 };

// libpq's sslcertmode.
enum class ClientCertificateMode {
    disable,  // never send a client certificate
    allow,    // send one when the server requests one and a certificate is loaded
    require,  // fail unless the server asked for a certificate and got one
};

// The TLS settings of one connection, with libpq's defaults already applied
// to the file names. Files are opened at connect time, as libpq opens them.
struct TlsSettings {
    SslMode mode = SslMode::prefer;
    SslNegotiation negotiation = SslNegotiation::postgres;
    protocol::ChannelBinding channel_binding = protocol::ChannelBinding::prefer;

    // sslrootcert, else "~/.postgresql/root.crt"; "system" means the
    // operating system's trusted roots. Empty when there is no home directory.
    std::string root_cert_file;

    // sslcert, else "~/.postgresql/postgresql.crt". A missing default file
    // means no client certificate; a named one must be readable.
    std::string cert_file;
    bool cert_file_named = false;
    // sslkey, else "~/.postgresql/postgresql.key".
    std::string key_file;
    bool key_file_named = false;
    ClientCertificateMode certificate_mode = ClientCertificateMode::allow;
    // sslpassword: the passphrase of an encrypted key file.
    std::optional<std::string> key_password;

    // sslcrl and sslcrldir. When both are unset, crl_file is
    // "~/.postgresql/root.crl", used only if it exists.
    std::string crl_file;
    std::string crl_dir;
    bool crl_named = false;

    TlsVersion min_version = TlsVersion::tls1_2;
    std::optional<TlsVersion> max_version;

    // sslsni: send the host name in the TLS Server Name Indication
    // extension, except for IP addresses.
    bool sni = true;

    bool uses_system_roots() const { return root_cert_file == "system"; }
};

}  // namespace wiredump::io
