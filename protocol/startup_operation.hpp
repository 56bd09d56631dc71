#pragma once

#include "protocol/message_operation.hpp"
#include "protocol/scram_client.hpp"

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
};

// Sends StartupMessage and responds to the authentication requests (trust,
// cleartext password, MD5, SCRAM-SHA-256) until ReadyForQuery. Collects
// ParameterStatus and BackendKeyData into the session. An ErrorResponse
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

    StartupOptions options_;
    std::unique_ptr<ScramClient> scram_;
    bool sasl_verified_ = false;
    bool authenticated_ = false;
    AuthenticationRequest request_;
};

}  // namespace wiredump::protocol
