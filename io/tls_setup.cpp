#include "io/tls_setup.hpp"

#include "io/host_name_check.hpp"
#include "io/tls_errc.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace wiredump::io {
namespace {

struct SslContextDeleter {
    void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using SslContextPointer = std::unique_ptr<SSL_CTX, SslContextDeleter>;

// ALPN protocol list in wire form: one length byte, then the name.
constexpr unsigned char alpn_postgresql[] = {10, 'p', 'o', 's', 't', 'g', 'r', 'e', 's', 'q', 'l'};

std::error_code fail(protocol::Diagnostics& diagnostics, tls_errc code, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return code;
}

int openssl_version(TlsVersion version) {
    switch (version) {
    case TlsVersion::tls1_0:
        return TLS1_VERSION;
    case TlsVersion::tls1_1:
        return TLS1_1_VERSION;
    case TlsVersion::tls1_2:
        return TLS1_2_VERSION;
    case TlsVersion::tls1_3:
        return TLS1_3_VERSION;
    }
    return 0;
}

// Returns whether path exists. When it does not, stores stat's errno in
// stat_errno for the message.
bool file_exists(const std::string& path, int& stat_errno) {
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0) return true;
    stat_errno = errno;
    return false;
}

// Gives the key file's passphrase to OpenSSL. Without sslpassword it
// returns an empty one, so OpenSSL never prompts on the terminal.
int copy_key_password(char* buffer, int size, int, void* user_data) {
    const auto* password = static_cast<const std::string*>(user_data);
    if (password == nullptr || size <= 0) return 0;
    const int length = static_cast<int>(std::min<std::size_t>(password->size(), static_cast<std::size_t>(size)));
    std::memcpy(buffer, password->data(), static_cast<std::size_t>(length));
    return length;
}

std::error_code load_crls(SSL_CTX* context, const TlsSettings& tls, protocol::Diagnostics& diagnostics) {
    const char* file = tls.crl_file.empty() ? nullptr : tls.crl_file.c_str();
    const char* dir = tls.crl_dir.empty() ? nullptr : tls.crl_dir.c_str();
    if (file == nullptr && dir == nullptr) return {};

    int stat_errno = 0;
    if (!tls.crl_named && !file_exists(tls.crl_file, stat_errno)) return {};

    X509_STORE* store = SSL_CTX_get_cert_store(context);
    ERR_clear_error();
    if (X509_STORE_load_locations(store, file, dir) != 1) {
        // NOTE: libpq ignores a CRL it cannot load even when it was named.
        // wiredump fails instead, so a revocation check is never skipped
        // silently.
        const std::string source = file ? "certificate revocation list file \"" + tls.crl_file + "\""
                                      : "certificate revocation list directory \"" + tls.crl_dir + "\"";
        return fail(diagnostics, tls_errc::file_error,
                    "could not load " + source + ": " + take_openssl_errors("unknown OpenSSL error") +
                        "; check sslcrl and sslcrldir");
    }
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    return {};
}

std::error_code load_roots(SSL_CTX* context, const ConnectParams& params, TlsClient& client,
                           protocol::Diagnostics& diagnostics) {
    const TlsSettings& tls = params.tls;
    const bool verify_mode = tls.mode == SslMode::verify_ca || tls.mode == SslMode::verify_full;

    if (tls.uses_system_roots()) {
        ERR_clear_error();
        if (SSL_CTX_set_default_verify_paths(context) != 1) {
            return fail(diagnostics, tls_errc::file_error,
                        "could not load the operating system's trusted root certificates (sslrootcert=system): " +
                            take_openssl_errors("unknown OpenSSL error"));
        }
        client.roots_description = "the operating system's trusted roots (sslrootcert=system)";
    } else {
        int stat_errno = 0;
        if (tls.root_cert_file.empty() || !file_exists(tls.root_cert_file, stat_errno)) {
            // libpq checks the server certificate only when it has roots,
            // and sslmode=require without them accepts any certificate.
            if (!verify_mode) return {};
            if (tls.root_cert_file.empty()) {
                return fail(diagnostics, tls_errc::file_error,
                            "could not find the home directory to locate the root certificate file; give "
                            "sslrootcert, use sslrootcert=system, or set sslmode=require to skip the server "
                            "certificate check");
            }
            return fail(diagnostics, tls_errc::file_error,
                        "root certificate file \"" + tls.root_cert_file + "\" does not exist (sslmode=" +
                            (tls.mode == SslMode::verify_ca ? "verify-ca" : "verify-full") +
                            "); give the CA file with sslrootcert, use sslrootcert=system, or set "
                            "sslmode=require to skip the server certificate check");
        }
        ERR_clear_error();
        if (SSL_CTX_load_verify_locations(context, tls.root_cert_file.c_str(), nullptr) != 1) {
            return fail(diagnostics, tls_errc::file_error,
                        "could not read root certificate file \"" + tls.root_cert_file +
                            "\": " + take_openssl_errors("unknown OpenSSL error"));
        }
        client.roots_description = "root certificate file \"" + tls.root_cert_file + "\"";
        if (const auto error = load_crls(context, tls, diagnostics)) return error;
    }

    client.verifies_chain = true;
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    return {};
}

std::error_code load_client_certificate(SSL_CTX* context, const TlsSettings& tls,
                                        protocol::Diagnostics& diagnostics) {
    if (tls.certificate_mode == ClientCertificateMode::disable || tls.cert_file.empty()) return {};

    int stat_errno = 0;
    if (!file_exists(tls.cert_file, stat_errno)) {
        // NOTE: libpq goes on without a certificate when even a named file
        // is missing. wiredump stops, because the user asked for that file.
        if (!tls.cert_file_named) return {};
        return fail(diagnostics, tls_errc::file_error,
                    "could not open certificate file \"" + tls.cert_file + "\" (sslcert): " +
                        std::strerror(stat_errno));
    }
    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(context, tls.cert_file.c_str()) != 1) {
        // NOTE: libpq fails here for the default file too. wiredump skips an
        // unreadable default file, because no certificate was asked for.
        if (!tls.cert_file_named) {
            ERR_clear_error();
            return {};
        }
        return fail(diagnostics, tls_errc::file_error,
                    "could not read certificate file \"" + tls.cert_file +
                        "\" (sslcert): " + take_openssl_errors("unknown OpenSSL error"));
    }

    struct stat status {};
    if (::stat(tls.key_file.c_str(), &status) != 0) {
        return fail(diagnostics, tls_errc::file_error,
                    "certificate present, but not private key file \"" + tls.key_file +
                        "\"; give the key with sslkey");
    }
    if (!S_ISREG(status.st_mode)) {
        return fail(diagnostics, tls_errc::file_error,
                    "private key file \"" + tls.key_file + "\" is not a regular file");
    }
    const std::string problem = key_file_permission_problem(tls.key_file, status.st_mode, status.st_uid, ::geteuid());
    if (!problem.empty()) return fail(diagnostics, tls_errc::file_error, problem);

    const std::string empty;
    SSL_CTX_set_default_passwd_cb(context, copy_key_password);
    SSL_CTX_set_default_passwd_cb_userdata(context,
                                           const_cast<std::string*>(tls.key_password ? &*tls.key_password : &empty));
    ERR_clear_error();
    const int loaded = SSL_CTX_use_PrivateKey_file(context, tls.key_file.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_set_default_passwd_cb_userdata(context, nullptr);
    // OpenSSL compares the key with the certificate while loading it.
    const unsigned long last_error = ERR_peek_last_error();
    if (loaded != 1 && ERR_GET_LIB(last_error) == ERR_LIB_X509 &&
        ERR_GET_REASON(last_error) == X509_R_KEY_VALUES_MISMATCH) {
        ERR_clear_error();
        return fail(diagnostics, tls_errc::file_error,
                    "certificate \"" + tls.cert_file + "\" does not match private key file \"" + tls.key_file +
                        "\"; give the key that belongs to the certificate with sslkey");
    }
    if (loaded != 1) {
        return fail(diagnostics, tls_errc::file_error,
                    "could not load private key file \"" + tls.key_file + "\": " +
                        take_openssl_errors("unknown OpenSSL error") +
                        (tls.key_password ? "" : "; if the key is encrypted, give its passphrase with sslpassword"));
    }
    if (SSL_CTX_check_private_key(context) != 1) {
        return fail(diagnostics, tls_errc::file_error,
                    "certificate \"" + tls.cert_file + "\" does not match private key file \"" + tls.key_file +
                        "\": " + take_openssl_errors("unknown OpenSSL error"));
    }
    return {};
}

CertificateNames read_certificate_names(X509* certificate) {
    CertificateNames names;
    auto* entries = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (entries != nullptr) {
        for (int i = 0; i < sk_GENERAL_NAME_num(entries); ++i) {
            const GENERAL_NAME* entry = sk_GENERAL_NAME_value(entries, i);
            if (entry->type == GEN_DNS) {
                const ASN1_STRING* text = entry->d.dNSName;
                names.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                             static_cast<std::size_t>(ASN1_STRING_length(text)));
            } else if (entry->type == GEN_IPADD) {
                const ASN1_STRING* bytes = entry->d.iPAddress;
                const unsigned char* data = ASN1_STRING_get0_data(bytes);
                names.ip_addresses.emplace_back(data, data + ASN1_STRING_length(bytes));
            }
        }
        GENERAL_NAMES_free(entries);
    }

    X509_NAME* subject = X509_get_subject_name(certificate);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) {
        const ASN1_STRING* text = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
        names.common_name.emplace(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                  static_cast<std::size_t>(ASN1_STRING_length(text)));
    }
    return names;
}

}  // namespace

bool sends_sni(std::string_view host) {
    if (host.empty()) return false;
    const bool dotted_digits = host.find_first_not_of("0123456789.") == std::string_view::npos;
    return !dotted_digits && host.find(':') == std::string_view::npos;
}

std::string key_file_permission_problem(const std::string& path, mode_t mode, uid_t owner, uid_t effective_user) {
    const bool too_open_for_user = owner == effective_user && (mode & (S_IRWXG | S_IRWXO)) != 0;
    const bool too_open_for_root = owner == 0 && (mode & (S_IWGRP | S_IXGRP | S_IRWXO)) != 0;
    if (!too_open_for_user && !too_open_for_root) return {};
    return "private key file \"" + path +
           "\" has group or world access; it must have permissions u=rw (0600) or less if owned by the current "
           "user, or u=rw,g=r (0640) or less if owned by root; run chmod 600 on it";
}

std::error_code make_tls_client(const ConnectParams& params, TlsClient& client, protocol::Diagnostics& diagnostics) {
    const TlsSettings& tls = params.tls;
    SslContextPointer context(SSL_CTX_new(TLS_client_method()));
    if (!context) {
        return fail(diagnostics, tls_errc::handshake_failed,
                    "could not create the TLS context: " + take_openssl_errors("unknown OpenSSL error"));
    }

    SSL_CTX_set_min_proto_version(context.get(), openssl_version(tls.min_version));
    if (tls.max_version) SSL_CTX_set_max_proto_version(context.get(), openssl_version(*tls.max_version));
    // Compression over TLS leaks secrets (CRIME), and the protocol never
    // needs renegotiation.
    SSL_CTX_set_options(context.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(context.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

    if (const auto error = load_roots(context.get(), params, client, diagnostics)) return error;
    if (const auto error = load_client_certificate(context.get(), tls, diagnostics)) return error;

    client.ssl.reset(SSL_new(context.get()));
    if (!client.ssl) {
        return fail(diagnostics, tls_errc::handshake_failed,
                    "could not create the TLS connection: " + take_openssl_errors("unknown OpenSSL error"));
    }
    if (tls.sni && sends_sni(params.host)) SSL_set_tlsext_host_name(client.ssl.get(), params.host.c_str());
    // ALPN is needed for sslnegotiation=direct. libpq 17 sends it in both
    // modes, and servers before 17 ignore it.
    SSL_set_alpn_protos(client.ssl.get(), alpn_postgresql, sizeof alpn_postgresql);
    return {};
}

std::error_code describe_handshake_failure(SSL* ssl, const TlsClient& client, std::error_code error,
                                           const std::string& reason, protocol::Diagnostics& diagnostics) {
    const long verify_result = SSL_get_verify_result(ssl);
    if (client.verifies_chain && verify_result != X509_V_OK) {
        return fail(diagnostics, tls_errc::certificate_verify_failed,
                    "server certificate verification failed: " +
                        std::string(X509_verify_cert_error_string(verify_result)) + " (trusted roots: " +
                        client.roots_description +
                        "); give the CA that issued the server certificate with sslrootcert");
    }
    if (error != tls_errc::handshake_failed) {
        diagnostics.set_client_message(reason);
        return error;
    }
    return fail(diagnostics, tls_errc::handshake_failed, "TLS handshake failed: " + reason);
}

std::error_code check_tls_peer(const ConnectParams& params, SSL* ssl, protocol::Diagnostics& diagnostics) {
    if (params.tls.negotiation == SslNegotiation::direct) {
        const unsigned char* selected = nullptr;
        unsigned int length = 0;
        SSL_get0_alpn_selected(ssl, &selected, &length);
        const std::string_view expected(reinterpret_cast<const char*>(alpn_postgresql + 1), sizeof alpn_postgresql - 1);
        if (selected == nullptr ||
            std::string_view(reinterpret_cast<const char*>(selected), length) != expected) {
            return fail(diagnostics, tls_errc::alpn_missing,
                        "the direct TLS connection was established without the ALPN protocol \"postgresql\"; "
                        "the server may be older than PostgreSQL 17, so use sslnegotiation=postgres");
        }
    }

    if (params.tls.mode != SslMode::verify_full) return {};

    if (params.host.empty() || params.is_unix_socket()) {
        return fail(diagnostics, tls_errc::host_name_mismatch,
                    "sslmode=verify-full needs a host name to check the server certificate against; give host "
                    "as well as hostaddr");
    }
    X509* certificate = SSL_get0_peer_certificate(ssl);
    if (certificate == nullptr) {
        return fail(diagnostics, tls_errc::host_name_mismatch, "the server sent no certificate (sslmode=verify-full)");
    }
    std::string message;
    if (!certificate_matches_host(read_certificate_names(certificate), params.host, message)) {
        return fail(diagnostics, tls_errc::host_name_mismatch, message);
    }
    return {};
}

std::vector<std::uint8_t> tls_server_end_point(SSL* ssl) {
    X509* certificate = SSL_get0_peer_certificate(ssl);
    if (certificate == nullptr) return {};

    int digest_nid = NID_undef;
    if (OBJ_find_sigid_algs(X509_get_signature_nid(certificate), &digest_nid, nullptr) == 0) return {};

    const EVP_MD* digest = nullptr;
    if (digest_nid == NID_md5 || digest_nid == NID_sha1) {
        digest = EVP_sha256();
    } else {
        digest = EVP_get_digestbynid(digest_nid);
    }
    if (digest == nullptr) return {};

    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, digest, hash, &length) != 1) return {};
    return {hash, hash + length};
}

}  // namespace wiredump::io
