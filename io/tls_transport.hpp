#pragma once

#include "io/transport.hpp"

#include <openssl/ssl.h>

#include <array>
#include <memory>
#include <string>

namespace wiredump::io {

struct SslDeleter {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslPointer = std::unique_ptr<SSL, SslDeleter>;

// A Transport that runs TLS over another Transport (TCP in practice).
// OpenSSL works on two memory BIOs, and this class moves the bytes between
// them and the inner transport, so the inner transport's deadline covers
// every read and write, the handshake included.
class TlsTransport final : public Transport {
public:
    // ssl must be set up for the client side (SNI, ALPN, verification) and
    // have no BIOs yet.
    TlsTransport(std::unique_ptr<Transport> inner, SslPointer ssl);

    // Runs the TLS handshake. On failure returns tls_errc::handshake_failed
    // (or the inner transport's error) and stores the reason in reason.
    std::error_code handshake(std::string& reason);

    std::size_t read_some(std::span<std::uint8_t> space, std::error_code& error) override;
    void write_all(std::span<const std::uint8_t> bytes, std::error_code& error) override;
    void set_deadline(Deadline deadline) override;
    // Closes the inner transport without a TLS close_notify, because the
    // peer may be gone and a write could block.
    void close() override;
    bool encrypted() const override { return true; }

    SSL* ssl() const { return ssl_.get(); }

    // Whether the server sent a CertificateRequest during the handshake,
    // and whether a client certificate was loaded to send in reply.
    bool client_certificate_requested() const { return certificate_exchange_.requested; }
    bool client_certificate_sent() const { return certificate_exchange_.sent; }

    // The reason for the last stream_failed error, for messages.
    const std::string& last_failure() const { return last_failure_; }

private:
    enum class Outcome { done, end_of_stream, failed };

    template <typename Call>
    Outcome drive(Call call, int& result, std::error_code& error);
    void flush(std::error_code& error);

    std::unique_ptr<Transport> inner_;
    SslPointer ssl_;
    BIO* network_in_ = nullptr;   // bytes from the server, owned by ssl_
    BIO* network_out_ = nullptr;  // bytes for the server, owned by ssl_
    std::array<std::uint8_t, 16 * 1024 + 512> buffer_{};
    std::string last_failure_;

    struct CertificateExchange {
        bool requested = false;
        bool sent = false;
    };
    CertificateExchange certificate_exchange_;
};

// Returns OpenSSL's queued error text, or fallback when the queue is empty.
// Empties the queue.
std::string take_openssl_errors(std::string_view fallback);

}  // namespace wiredump::io
