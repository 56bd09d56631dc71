#include "io/tls_errc.hpp"
#include "io/tls_setup.hpp"
#include "io/tls_transport.hpp"

#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace wiredump::io;

namespace {

struct KeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
struct ContextDeleter {
    void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};

// A self-signed P-256 certificate made in memory, so no key file is needed.
struct TestCertificate {
    std::unique_ptr<EVP_PKEY, KeyDeleter> key;
    std::unique_ptr<X509, CertificateDeleter> certificate;
};

TestCertificate make_certificate(const char* common_name, const char* alternative_names, const EVP_MD* digest) {
    TestCertificate result;
    result.key.reset(EVP_EC_gen("P-256"));
    REQUIRE(result.key);
    result.certificate.reset(X509_new());
    X509* certificate = result.certificate.get();

    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, result.key.get());
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                               0);
    X509_set_issuer_name(certificate, name);

    if (alternative_names != nullptr) {
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, alternative_names);
        REQUIRE(extension != nullptr);
        X509_add_ext(certificate, extension, -1);
        X509_EXTENSION_free(extension);
    }
    REQUIRE(X509_sign(certificate, result.key.get(), digest) > 0);
    return result;
}

enum class Fault { none, read_error, end_of_stream };

// The server end of a TLS connection, run in the same thread: what the
// client writes goes into the server's input BIO, and each client read
// first lets the server run. The server echoes application data. A fault
// replaces the client's read number fault_at.
class EchoServer final : public Transport {
public:
    EchoServer(const TestCertificate& certificate, Fault fault = Fault::none, int fault_at = 0,
               bool request_client_certificate = false)
        : fault_(fault), fault_at_(fault_at) {
        context_.reset(SSL_CTX_new(TLS_server_method()));
        SSL_CTX_set_security_level(context_.get(), 0);
        if (request_client_certificate) {
            // Requests a certificate and accepts any reply, including none.
            SSL_CTX_set_verify(context_.get(), SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
        }
        REQUIRE(SSL_CTX_use_certificate(context_.get(), certificate.certificate.get()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey(context_.get(), certificate.key.get()) == 1);
        ssl_.reset(SSL_new(context_.get()));
        input_ = BIO_new(BIO_s_mem());
        output_ = BIO_new(BIO_s_mem());
        BIO_set_mem_eof_return(input_, -1);
        SSL_set_bio(ssl_.get(), input_, output_);
        SSL_set_accept_state(ssl_.get());
    }

    std::size_t read_some(std::span<std::uint8_t> space, std::error_code& error) override {
        if (fault_ != Fault::none && reads_++ == fault_at_) {
            if (fault_ == Fault::read_error) error = std::make_error_code(std::errc::connection_reset);
            return 0;
        }
        run_server();
        const int count = BIO_read(output_, space.data(), static_cast<int>(space.size()));
        return count > 0 ? static_cast<std::size_t>(count) : 0;
    }

    void write_all(std::span<const std::uint8_t> bytes, std::error_code&) override {
        BIO_write(input_, bytes.data(), static_cast<int>(bytes.size()));
    }

    void set_deadline(Deadline) override {}
    void close() override {}

private:
    void run_server() {
        if (!SSL_is_init_finished(ssl_.get())) {
            SSL_do_handshake(ssl_.get());
            if (!SSL_is_init_finished(ssl_.get())) return;
        }
        std::uint8_t buffer[4096];
        for (;;) {
            const int count = SSL_read(ssl_.get(), buffer, sizeof buffer);
            if (count <= 0) break;
            SSL_write(ssl_.get(), buffer, count);
        }
    }

    std::unique_ptr<SSL_CTX, ContextDeleter> context_;
    SslPointer ssl_;
    BIO* input_ = nullptr;
    BIO* output_ = nullptr;
    Fault fault_;
    int fault_at_;
    int reads_ = 0;
};

SslPointer client_ssl() {
    std::unique_ptr<SSL_CTX, ContextDeleter> context(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_security_level(context.get(), 0);
    return SslPointer(SSL_new(context.get()));
}

}  // namespace

TEST_CASE("tls transport echo", "[tls]") {
    const TestCertificate certificate = make_certificate("localhost", "DNS:localhost", EVP_sha256());
    TlsTransport transport(std::make_unique<EchoServer>(certificate), client_ssl());

    std::string reason;
    REQUIRE_FALSE(transport.handshake(reason));

    const std::vector<std::uint8_t> message(20000, 0x5a);
    std::error_code error;
    transport.write_all(message, error);
    REQUIRE_FALSE(error);

    std::vector<std::uint8_t> received;
    std::vector<std::uint8_t> space(7000);
    while (received.size() < message.size()) {
        const std::size_t count = transport.read_some(space, error);
        REQUIRE_FALSE(error);
        REQUIRE(count > 0);
        received.insert(received.end(), space.begin(), space.begin() + static_cast<std::ptrdiff_t>(count));
    }
    CHECK(received == message);
}

TEST_CASE("tls transport read faults", "[tls]") {
    const TestCertificate certificate = make_certificate("localhost", "DNS:localhost", EVP_sha256());

    // TLS 1.3 needs one client read for the server's first flight, so a
    // fault at read 0 hits the handshake and a fault at read 1 the data.
    for (const Fault fault : {Fault::read_error, Fault::end_of_stream}) {
        TlsTransport during_handshake(std::make_unique<EchoServer>(certificate, fault, 0), client_ssl());
        std::string reason;
        const std::error_code handshake_error = during_handshake.handshake(reason);
        if (fault == Fault::read_error) {
            CHECK(handshake_error == std::errc::connection_reset);
        } else {
            CHECK(handshake_error == tls_errc::handshake_failed);
            CHECK(reason == "the server closed the connection during the TLS handshake");
        }

        TlsTransport during_data(std::make_unique<EchoServer>(certificate, fault, 1), client_ssl());
        REQUIRE_FALSE(during_data.handshake(reason));
        std::error_code error;
        const std::vector<std::uint8_t> message = {'p', 'i', 'n', 'g'};
        during_data.write_all(message, error);
        REQUIRE_FALSE(error);
        std::vector<std::uint8_t> space(64);
        const std::size_t count = during_data.read_some(space, error);
        CHECK(count == 0);
        if (fault == Fault::read_error) {
            CHECK(error == std::errc::connection_reset);
        } else {
            CHECK_FALSE(error);
        }
    }
}

TEST_CASE("tls server end point hash", "[tls]") {
    const std::vector<std::pair<const EVP_MD*, const EVP_MD*>> cases = {
        {EVP_sha256(), EVP_sha256()},
        {EVP_sha384(), EVP_sha384()},
        {EVP_sha512(), EVP_sha512()},
        // RFC 5929 section 4.1: SHA-1 signatures are hashed with SHA-256.
        {EVP_sha1(), EVP_sha256()},
    };
    for (const auto& [signature_digest, expected_digest] : cases) {
        INFO("signature digest " << EVP_MD_get0_name(signature_digest));
        const TestCertificate certificate = make_certificate("localhost", "DNS:localhost", signature_digest);
        TlsTransport transport(std::make_unique<EchoServer>(certificate), client_ssl());
        std::string reason;
        REQUIRE_FALSE(transport.handshake(reason));

        unsigned char expected[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        REQUIRE(X509_digest(certificate.certificate.get(), expected_digest, expected, &length) == 1);
        CHECK(tls_server_end_point(transport.ssl()) == std::vector<std::uint8_t>(expected, expected + length));
    }
}

TEST_CASE("tls peer host name check", "[tls]") {
    const TestCertificate certificate = make_certificate("ignored.test", "DNS:localhost,IP:127.0.0.1", EVP_sha256());
    TlsTransport transport(std::make_unique<EchoServer>(certificate), client_ssl());
    std::string reason;
    REQUIRE_FALSE(transport.handshake(reason));

    ConnectParams params;
    params.tls.mode = SslMode::verify_full;
    for (const char* host : {"localhost", "127.0.0.1"}) {
        params.host = host;
        wiredump::protocol::Diagnostics diagnostics;
        INFO(host);
        CHECK_FALSE(check_tls_peer(params, transport.ssl(), diagnostics));
    }

    params.host = "ignored.test";
    wiredump::protocol::Diagnostics diagnostics;
    CHECK(check_tls_peer(params, transport.ssl(), diagnostics) == tls_errc::host_name_mismatch);
    CHECK(diagnostics.client_message().find("\"localhost\", 127.0.0.1, CN \"ignored.test\"") != std::string::npos);

    // verify-ca does not look at the name.
    params.tls.mode = SslMode::verify_ca;
    CHECK_FALSE(check_tls_peer(params, transport.ssl(), diagnostics));
}

TEST_CASE("tls peer alpn for direct", "[tls]") {
    const TestCertificate certificate = make_certificate("localhost", "DNS:localhost", EVP_sha256());
    TlsTransport transport(std::make_unique<EchoServer>(certificate), client_ssl());
    std::string reason;
    REQUIRE_FALSE(transport.handshake(reason));

    // The echo server selects no ALPN protocol, as servers before 17 do.
    ConnectParams params;
    params.tls.mode = SslMode::require;
    params.tls.negotiation = SslNegotiation::direct;
    wiredump::protocol::Diagnostics diagnostics;
    CHECK(check_tls_peer(params, transport.ssl(), diagnostics) == tls_errc::alpn_missing);
    CHECK(diagnostics.client_message().find("sslnegotiation=postgres") != std::string::npos);

    params.tls.negotiation = SslNegotiation::postgres;
    CHECK_FALSE(check_tls_peer(params, transport.ssl(), diagnostics));
}

TEST_CASE("tls client certificate request", "[tls]") {
    const TestCertificate certificate = make_certificate("localhost", "DNS:localhost", EVP_sha256());
    std::string reason;

    TlsTransport not_asked(std::make_unique<EchoServer>(certificate), client_ssl());
    REQUIRE_FALSE(not_asked.handshake(reason));
    CHECK_FALSE(not_asked.client_certificate_requested());
    CHECK_FALSE(not_asked.client_certificate_sent());

    TlsTransport asked(std::make_unique<EchoServer>(certificate, Fault::none, 0, true), client_ssl());
    REQUIRE_FALSE(asked.handshake(reason));
    CHECK(asked.client_certificate_requested());
    CHECK_FALSE(asked.client_certificate_sent());

    const TestCertificate client = make_certificate("tls_cert_user", nullptr, EVP_sha256());
    SslPointer with_certificate = client_ssl();
    REQUIRE(SSL_use_certificate(with_certificate.get(), client.certificate.get()) == 1);
    REQUIRE(SSL_use_PrivateKey(with_certificate.get(), client.key.get()) == 1);
    TlsTransport answered(std::make_unique<EchoServer>(certificate, Fault::none, 0, true), std::move(with_certificate));
    REQUIRE_FALSE(answered.handshake(reason));
    CHECK(answered.client_certificate_requested());
    CHECK(answered.client_certificate_sent());
}
