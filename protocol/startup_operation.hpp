#pragma once

#include "protocol/message_operation.hpp"
#include "protocol/scram_client.hpp"

#include "protocol/frontend_message.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::protocol {

// libpq's channel_binding setting.
enum class ChannelBinding {
    disable,  // never use SCRAM-SHA-256-PLUS
    prefer,   // use it when TLS is in use and the server offers it
    require,  // fail unless the server proves the TLS session in SCRAM-SHA-256-PLUS
};

struct StartupOptions {
    std::string user;
    std::string database;  // empty: the server uses the user name
    std::optional<std::string> password;
    std::string application_name;
    std::map<std::string, std::string> extra_parameters;  // for example "options"
    // A fixed SCRAM client nonce, so tests can replay an exchange; empty means random.
    std::string scram_client_nonce;

    ChannelBinding channel_binding = ChannelBinding::prefer;
    // True when the connection runs over TLS.
    bool tls_in_use = false;
    // The tls-server-end-point hash of the server certificate (RFC 5929),
    // empty when TLS is off or the certificate's signature algorithm has no
    // hash (Ed25519, for example).
    std::vector<std::uint8_t> tls_server_end_point;

    // sslcertmode=require: AuthenticationOk counts only when the server
    // asked for a client certificate during the TLS handshake and got one.
    bool client_certificate_required = false;
    bool client_certificate_requested = false;
    bool client_certificate_sent = false;

    // The version requested in the StartupMessage, and the oldest one the
    // client accepts when the server offers a lower minor version through
    // NegotiateProtocolVersion.
    std::int32_t protocol_version = protocol_version_3_0;
    std::int32_t min_protocol_version = protocol_version_3_0;
    // Called once, just before a cleartext or MD5 password response is sent,
    // with the method name ("password" or "md5"); may be empty. The I/O layer
    // sets it when the stream is unencrypted and leaves the machine.
    std::function<void(std::string_view method)> before_exposed_password;
};

// Returns "3.0" or "3.2" for a protocol version word.
std::string protocol_version_name(std::int32_t version);

// Sends StartupMessage and responds to the authentication requests (trust,
// cleartext password, MD5, SCRAM-SHA-256 and SCRAM-SHA-256-PLUS) until
// ReadyForQuery. With channel_binding=require it fails, as libpq does, on any
// request other than SASL and on an AuthenticationOk that did not follow a
// channel-bound SCRAM exchange. Collects ParameterStatus, BackendKeyData and
// the negotiated protocol version into the session. A NegotiateProtocolVersion
// that offers a lower minor version than requested, but not below
// min_protocol_version, downgrades the session as libpq 18 does. One that
// lists "_pq_." options fails, because wiredump sends none. An ErrorResponse
// finishes with errc::server_error and the fields in diagnostics, and the
// server then closes the connection.
class StartupOperation final : public MessageOperation {
public:
    StartupOperation(StartupOptions options, ReceiveBuffer& buffer, SessionState& session,
                     Diagnostics& diagnostics);

    // True once the server sent AuthenticationOk. libpq retries with or
    // without TLS (sslmode allow and prefer) only after an error that came
    // before it.
    bool authenticated() const { return authenticated_; }

private:
    Step start() override;
    Step handle_message(char tag, Bytes body) override;
    Step handle_authentication(Bytes body);
    Step send_password(std::string_view method);
    Step start_sasl(const AuthenticationRequest& request);
    Step continue_sasl(const AuthenticationRequest& request);
    Step finish_sasl(const AuthenticationRequest& request);
    Step fail_password_missing(std::string_view method);
    std::string channel_binding_violation(AuthenticationKind kind) const;
    std::string client_certificate_violation(AuthenticationKind kind) const;
    std::error_code select_sasl_mechanism(const std::vector<std::string>& offered, ScramChannelBinding& binding);
    Step handle_negotiation(Bytes body);

    StartupOptions options_;
    std::unique_ptr<ScramClient> scram_;
    bool sasl_verified_ = false;
    bool authenticated_ = false;
    bool negotiated_ = false;
    AuthenticationRequest request_;
};

}  // namespace wiredump::protocol
