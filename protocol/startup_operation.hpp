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

namespace wiredump::protocol {

struct StartupOptions {
    std::string user;
    std::string database;  // empty: the server uses the user name
    std::optional<std::string> password;
    std::string application_name;
    std::map<std::string, std::string> extra_parameters;  // for example "options"
    // A fixed SCRAM client nonce, so tests can replay an exchange; empty means random.
    std::string scram_client_nonce;
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
// cleartext password, MD5, SCRAM-SHA-256) until ReadyForQuery. Collects
// ParameterStatus, BackendKeyData and the negotiated protocol version into
// the session. A NegotiateProtocolVersion that offers a lower minor version
// than requested, but not below min_protocol_version, downgrades the session
// as libpq 18 does. One that lists "_pq_." options fails, because wiredump
// sends none. An ErrorResponse
// finishes with errc::server_error and the fields in diagnostics, and the
// server then closes the connection.
class StartupOperation final : public MessageOperation {
public:
    StartupOperation(StartupOptions options, ReceiveBuffer& buffer, SessionState& session,
                     Diagnostics& diagnostics);

private:
    Step start() override;
    Step handle_message(char tag, Bytes body) override;
    Step handle_authentication(Bytes body);
    Step send_password(std::string_view method);
    Step start_sasl(const AuthenticationRequest& request);
    Step continue_sasl(const AuthenticationRequest& request);
    Step finish_sasl(const AuthenticationRequest& request);
    Step fail_password_missing(std::string_view method);
    Step handle_negotiation(Bytes body);

    StartupOptions options_;
    std::unique_ptr<ScramClient> scram_;
    bool sasl_verified_ = false;
    bool authenticated_ = false;
    bool negotiated_ = false;
    AuthenticationRequest request_;
};

}  // namespace wiredump::protocol
