#include "protocol/scram_client.hpp"

#include "protocol/errc.hpp"
#include "protocol/saslprep.hpp"
#include "protocol/scram_crypto.hpp"
#include "protocol/scram_messages.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace wiredump::protocol {
namespace {

// 18 random bytes give a 24-character base64 nonce, the size PostgreSQL's own
// client uses (SCRAM_RAW_NONCE_LEN in src/include/common/scram-common.h).
constexpr int client_nonce_bytes = 18;

std::string random_client_nonce() {
    unsigned char bytes[client_nonce_bytes];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed to generate the SCRAM client nonce");
    }
    return scram::base64_encode(std::span<const unsigned char>(bytes));
}

std::span<const unsigned char> as_bytes(const scram::Digest& digest) {
    return {digest.data(), digest.size()};
}

std::string_view as_text(const scram::Digest& digest) {
    return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string gs2_header(ScramChannelBinding::Flag flag) {
    switch (flag) {
    case ScramChannelBinding::Flag::server_not_offering:
        return "y,,";
    case ScramChannelBinding::Flag::tls_server_end_point:
        return "p=tls-server-end-point,,";
    case ScramChannelBinding::Flag::not_supported:
        break;
    }
    return "n,,";
}

}  // namespace

ScramClient::ScramClient(std::string password, ScramChannelBinding binding)
    : ScramClient(std::move(password), random_client_nonce(), std::move(binding)) {}

ScramClient::ScramClient(std::string password, std::string client_nonce, ScramChannelBinding binding)
    : gs2_header_(gs2_header(binding.flag)),
      binding_(std::move(binding)),
      password_(prepare_scram_password(password)),
      client_nonce_(std::move(client_nonce)) {
    scram::wipe(password);
}

std::string_view ScramClient::mechanism_name() const {
    return binding_.flag == ScramChannelBinding::Flag::tls_server_end_point ? plus_mechanism : mechanism;
}

bool ScramClient::channel_bound() const {
    return state_ == State::done && binding_.flag == ScramChannelBinding::Flag::tls_server_end_point;
}

ScramClient::~ScramClient() {
    scram::wipe(password_);
    scram::wipe(expected_server_signature_);
}

std::string ScramClient::client_first_message() {
    if (state_ == State::initial) {
        client_first_bare_ = "n=,r=" + client_nonce_;
        state_ = State::first_sent;
    }
    return gs2_header_ + client_first_bare_;
}

std::error_code ScramClient::handle_server_first(std::string_view server_first,
                                                 std::string& client_final) {
    if (state_ != State::first_sent) {
        return errc::scram_out_of_order;
    }
    state_ = State::failed;

    scram::ServerFirst parsed;
    if (const auto error = scram::parse_server_first(server_first, parsed)) {
        return error;
    }
    // The server must append its own part, so a nonce equal to ours is
    // rejected too.
    if (parsed.nonce.size() <= client_nonce_.size() ||
        parsed.nonce.compare(0, client_nonce_.size(), client_nonce_) != 0) {
        return errc::scram_nonce_mismatch;
    }

    // RFC 5802 section 7: c= carries the gs2 header again, followed by the
    // channel binding data when the "p" flag was sent.
    std::string channel_binding = gs2_header_;
    if (binding_.flag == ScramChannelBinding::Flag::tls_server_end_point) {
        channel_binding.append(binding_.data.begin(), binding_.data.end());
    }
    std::string message = "c=" + scram::base64_encode(channel_binding) + ",r=" + parsed.nonce;
    const std::string auth_message =
        client_first_bare_ + "," + std::string(server_first) + "," + message;

    // RFC 5802 section 3: the proof demonstrates possession of ClientKey
    // without sending it, and ServerSignature lets the server prove that it
    // has the stored secret.
    scram::Digest salted = scram::salted_password(password_, parsed.salt, parsed.iterations);
    scram::Digest client_key = scram::hmac_sha256(as_bytes(salted), "Client Key");
    scram::Digest stored_key = scram::sha256(as_bytes(client_key));
    scram::Digest client_signature = scram::hmac_sha256(as_bytes(stored_key), auth_message);
    scram::Digest proof{};
    for (std::size_t i = 0; i < proof.size(); ++i) {
        proof[i] = client_key[i] ^ client_signature[i];
    }
    scram::Digest server_key = scram::hmac_sha256(as_bytes(salted), "Server Key");
    const scram::Digest server_signature = scram::hmac_sha256(as_bytes(server_key), auth_message);

    expected_server_signature_.assign(as_text(server_signature));
    message += ",p=" + scram::base64_encode(as_bytes(proof));

    for (scram::Digest* secret : {&salted, &client_key, &stored_key, &client_signature, &proof, &server_key}) {
        scram::wipe(*secret);
    }
    scram::wipe(password_);

    client_final = std::move(message);
    state_ = State::final_sent;
    return {};
}

std::error_code ScramClient::verify_server_final(std::string_view server_final) {
    if (state_ != State::final_sent) {
        return errc::scram_out_of_order;
    }
    state_ = State::failed;

    scram::ServerFinal parsed;
    if (const auto error = scram::parse_server_final(server_final, parsed)) {
        return error;
    }
    if (parsed.error_value) {
        server_error_value_ = *parsed.error_value;
        return errc::scram_server_rejected;
    }

    const auto* expected = reinterpret_cast<const unsigned char*>(expected_server_signature_.data());
    const auto* received = reinterpret_cast<const unsigned char*>(parsed.server_signature.data());
    if (!scram::equal_constant_time({expected, expected_server_signature_.size()},
                                    {received, parsed.server_signature.size()})) {
        return errc::scram_server_signature_mismatch;
    }

    state_ = State::done;
    return {};
}

}  // namespace wiredump::protocol
