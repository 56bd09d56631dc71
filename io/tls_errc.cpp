#include "io/tls_errc.hpp"

#include <string>

namespace wiredump::io {
namespace {

class TlsCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.tls"; }

    std::string message(int value) const override {
        switch (static_cast<tls_errc>(value)) {
        case tls_errc::ssl_not_supported:
            return "the server does not support TLS, and sslmode requires it";
        case tls_errc::file_error:
            return "a TLS certificate, key or revocation list file could not be used";
        case tls_errc::invalid_settings:
            return "invalid combination of TLS settings";
        case tls_errc::handshake_failed:
            return "the TLS handshake failed";
        case tls_errc::certificate_verify_failed:
            return "the server certificate could not be verified";
        case tls_errc::host_name_mismatch:
            return "the server certificate does not match the host name";
        case tls_errc::alpn_missing:
            return "the server did not select the ALPN protocol \"postgresql\" on a direct TLS connection";
        case tls_errc::stream_failed:
            return "the TLS stream failed";
        }
        return "unknown TLS error " + std::to_string(value);
    }
};

}  // namespace

const std::error_category& tls_category() {
    static const TlsCategory category;
    return category;
}

}  // namespace wiredump::io
