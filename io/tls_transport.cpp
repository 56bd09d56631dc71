#include "io/tls_transport.hpp"

#include "io/tls_errc.hpp"

#include <openssl/err.h>

#include <stdexcept>

namespace wiredump::io {
namespace {

// Called by OpenSSL when the server requests a client certificate. It only
// records the request, because the certificate was loaded beforehand.
template <typename Exchange>
int record_certificate_request(SSL* ssl, void* argument) {
    auto* exchange = static_cast<Exchange*>(argument);
    exchange->requested = true;
    if (SSL_get_certificate(ssl) != nullptr) exchange->sent = true;
    return 1;
}

}  // namespace

std::string take_openssl_errors(std::string_view fallback) {
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char line[256];
        ERR_error_string_n(code, line, sizeof line);
        if (!text.empty()) text += "; ";
        text += line;
    }
    return text.empty() ? std::string(fallback) : text;
}

TlsTransport::TlsTransport(std::unique_ptr<Transport> inner, SslPointer ssl)
    : inner_(std::move(inner)), ssl_(std::move(ssl)) {
    network_in_ = BIO_new(BIO_s_mem());
    network_out_ = BIO_new(BIO_s_mem());
    if (network_in_ == nullptr || network_out_ == nullptr) {
        BIO_free(network_in_);
        BIO_free(network_out_);
        throw std::runtime_error("OpenSSL could not allocate the memory BIOs of a TLS connection");
    }
    // An empty input BIO means "wait for more bytes", not end of stream.
    BIO_set_mem_eof_return(network_in_, -1);
    SSL_set_bio(ssl_.get(), network_in_, network_out_);
    SSL_set_cert_cb(ssl_.get(), record_certificate_request<CertificateExchange>, &certificate_exchange_);
}

void TlsTransport::flush(std::error_code& error) {
    while (BIO_ctrl_pending(network_out_) > 0) {
        const int count = BIO_read(network_out_, buffer_.data(), static_cast<int>(buffer_.size()));
        if (count <= 0) return;
        inner_->write_all({buffer_.data(), static_cast<std::size_t>(count)}, error);
        if (error) return;
    }
}

// Repeats an SSL_* call, sending what it queued and feeding it bytes from the
// inner transport, until it completes, the stream ends or it fails.
template <typename Call>
TlsTransport::Outcome TlsTransport::drive(Call call, int& result, std::error_code& error) {
    for (;;) {
        ERR_clear_error();
        result = call();
        const int ssl_error = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), result);

        flush(error);
        if (error) return Outcome::failed;

        switch (ssl_error) {
        case SSL_ERROR_NONE:
            return Outcome::done;
        case SSL_ERROR_ZERO_RETURN:
            return Outcome::end_of_stream;
        case SSL_ERROR_WANT_WRITE:
            continue;
        case SSL_ERROR_WANT_READ: {
            const std::size_t count = inner_->read_some(buffer_, error);
            if (error) return Outcome::failed;
            if (count == 0) return Outcome::end_of_stream;
            BIO_write(network_in_, buffer_.data(), static_cast<int>(count));
            continue;
        }
        default:
            last_failure_ = take_openssl_errors("OpenSSL reported error " + std::to_string(ssl_error));
            error = tls_errc::stream_failed;
            return Outcome::failed;
        }
    }
}

std::error_code TlsTransport::handshake(std::string& reason) {
    std::error_code error;
    int result = 0;
    const Outcome outcome = drive([this] { return SSL_connect(ssl_.get()); }, result, error);
    if (outcome == Outcome::done) return {};

    if (outcome == Outcome::end_of_stream) {
        reason = "the server closed the connection during the TLS handshake";
        return tls_errc::handshake_failed;
    }
    if (error == tls_errc::stream_failed) {
        reason = last_failure_;
        return tls_errc::handshake_failed;
    }
    reason = "the TLS handshake failed: " + error.message();
    return error;
}

std::size_t TlsTransport::read_some(std::span<std::uint8_t> space, std::error_code& error) {
    error.clear();
    if (space.empty()) return 0;

    int result = 0;
    const int size = static_cast<int>(std::min<std::size_t>(space.size(), 1 << 30));
    const Outcome outcome = drive([&] { return SSL_read(ssl_.get(), space.data(), size); }, result, error);
    return outcome == Outcome::done ? static_cast<std::size_t>(result) : 0;
}

void TlsTransport::write_all(std::span<const std::uint8_t> bytes, std::error_code& error) {
    error.clear();
    while (!bytes.empty()) {
        int result = 0;
        const int size = static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 30));
        const Outcome outcome = drive([&] { return SSL_write(ssl_.get(), bytes.data(), size); }, result, error);
        if (outcome == Outcome::end_of_stream) error = std::make_error_code(std::errc::broken_pipe);
        if (outcome != Outcome::done) return;
        bytes = bytes.subspan(static_cast<std::size_t>(result));
    }
}

void TlsTransport::set_deadline(Deadline deadline) { inner_->set_deadline(deadline); }

void TlsTransport::close() { inner_->close(); }

}  // namespace wiredump::io
