#include "io/connection.hpp"

#include "io/host_candidates.hpp"
#include "io/negotiate_tls.hpp"
#include "io/open_transport.hpp"
#include "io/run_operation.hpp"
#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/session_state.hpp"
#include "protocol/startup_operation.hpp"
#include "protocol/statement_operation.hpp"

#include <asio/io_context.hpp>

#include <random>

namespace wiredump::io {

struct Connection::Impl {
    asio::io_context context;
    std::unique_ptr<Transport> transport;
    protocol::ReceiveBuffer buffer;
    protocol::SessionState session;
    ConnectParams params;
    ExposedPasswordHandler exposed_password_handler;
    std::mt19937 random{std::random_device{}()};
    // False before connect() succeeds and after a failure that left the
    // protocol state unknown.
    bool usable = false;

    // Runs one operation and drops the connection when the operation left
    // the protocol state unknown.
    std::error_code run(protocol::MessageOperation& operation) {
        const std::error_code error = run_operation(*transport, operation);
        if (!operation.connection_usable()) drop();
        return error;
    }

    // Checks that a statement may be sent now.
    std::error_code check_usable(protocol::Diagnostics& diagnostics) const {
        if (!transport) {
            diagnostics.set_client_message("the connection is not open; call connect() first");
            return protocol::errc::not_connected;
        }
        if (!usable) {
            diagnostics.set_client_message("an earlier failure left the connection in an unknown state; "
                                           "close it and connect again");
            return protocol::errc::connection_unusable;
        }
        return {};
    }

    // Closes the socket without Terminate, because the server may be in the
    // middle of sending a result.
    void drop() {
        usable = false;
        if (transport) transport->close();
    }
};

Connection::Connection() : impl_(std::make_unique<Impl>()) {}

Connection::~Connection() { close(); }

namespace {

// The TLS choice of each connection attempt, in order, as libpq makes them:
// allow tries TLS only after the server rejected a plain connection, and
// prefer tries plain text only after the TLS attempt failed.
std::vector<bool> tls_attempts(SslMode mode) {
    switch (mode) {
    case SslMode::disable:
        return {false};
    case SslMode::allow:
        return {false, true};
    case SslMode::prefer:
        return {true, false};
    case SslMode::require:
    case SslMode::verify_ca:
    case SslMode::verify_full:
        break;
    }
    return {true};
}

// True when an attempt's failure lets the next attempt run: a failed TLS
// set-up or handshake, or an error the server sent before authentication finished
// (for example "no pg_hba.conf entry"), which a connection with the other
// TLS choice may not get.
bool may_retry(std::error_code error, const TlsOutcome& outcome, bool tried_tls, bool authenticated) {
    if (tried_tls && outcome.tls_failed) return true;
    if (error != protocol::errc::server_error || authenticated) return false;
    return tried_tls == outcome.in_use;
}

}  // namespace

std::error_code Connection::connect_host(const ConnectParams& params, protocol::Diagnostics& diagnostics) {
    const std::vector<bool> attempts = tls_attempts(params.tls.mode);
    std::string earlier_failures;
    std::error_code error;
    for (std::size_t index = 0; index < attempts.size(); ++index) {
        bool authenticated = false;
        TlsOutcome outcome;
        error = connect_once(params, attempts[index], outcome, authenticated, diagnostics);
        if (!error) return {};

        const bool last = index + 1 == attempts.size();
        const bool unix_socket = params.hostaddr.empty() && (params.is_unix_socket() || params.host.empty());
        if (last || unix_socket || !may_retry(error, outcome, attempts[index], authenticated)) break;
        // Diagnostics keeps one server error, so the earlier one goes into
        // the text, as libpq reports every attempt.
        earlier_failures += diagnostics.client_message() + " (attempt " +
                            (attempts[index] ? "with" : "without") + " TLS)\n";
        if (diagnostics.server_error()) {
            earlier_failures += protocol::format_server_error(*diagnostics.server_error()) + "\n";
        }
    }
    if (!earlier_failures.empty()) {
        diagnostics.set_client_message(earlier_failures + diagnostics.client_message());
    }
    return error;
}

std::error_code Connection::connect(const ConnectParams& params, protocol::Diagnostics& diagnostics) {
    diagnostics.clear();
    const std::vector<ConnectParams> candidates = expand_host_candidates(params, &impl_->random);

    // prefer-standby tries every host as standby first, then any host.
    using protocol::TargetSessionAttrs;
    std::vector<TargetSessionAttrs> passes = {params.target_session_attrs};
    if (params.target_session_attrs == TargetSessionAttrs::prefer_standby) {
        passes = {TargetSessionAttrs::standby, TargetSessionAttrs::any};
    }

    HostFailures failures;
    std::error_code error;
    for (std::size_t pass = 0; pass < passes.size(); ++pass) {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (pass > 0 || i > 0) failures.add(diagnostics);
            error = connect_host(candidates[i], diagnostics);
            if (!error) error = check_session_attributes(passes[pass], diagnostics);
            if (!error) return {};
            close();
        }
    }
    failures.merge_into(diagnostics);
    return error;
}

std::error_code Connection::check_session_attributes(protocol::TargetSessionAttrs target,
                                                     protocol::Diagnostics& diagnostics) {
    protocol::SessionCheck check = protocol::check_session(target, impl_->session.parameters);
    if (check.outcome == protocol::SessionCheck::Outcome::ask_server) {
        protocol::QueryResult result;
        if (const auto error = query(check.query, result, diagnostics)) return error;
        const bool has_value = result.rows.size() == 1 && !result.rows[0].empty() && result.rows[0][0];
        check = protocol::check_session_answer(target, has_value ? *result.rows[0][0] : std::string());
    }
    if (check.outcome == protocol::SessionCheck::Outcome::accept) return {};

    diagnostics.clear();
    diagnostics.set_client_message("connection to " + describe_server(impl_->params, "") + " failed: " + check.reason);
    return protocol::errc::session_attributes_mismatch;
}

std::error_code Connection::connect_once(const ConnectParams& params, bool try_tls, TlsOutcome& outcome,
                                         bool& authenticated, protocol::Diagnostics& diagnostics) {
    diagnostics.clear();
    close();
    impl_->buffer = protocol::ReceiveBuffer{};

    auto notice_callback = std::move(impl_->session.notice_callback);
    impl_->session = protocol::SessionState{};
    impl_->session.notice_callback = std::move(notice_callback);
    impl_->params = params;

    std::error_code error;
    impl_->transport = open_server_transport(impl_->context, params, try_tls, outcome, diagnostics, error);
    if (!impl_->transport) return error;

    protocol::StartupOptions options;
    options.user = params.user;
    options.database = params.dbname;
    options.password = params.password;
    options.application_name = params.application_name;
    options.extra_parameters = params.startup_parameters;
    options.channel_binding = params.tls.channel_binding;
    options.tls_in_use = outcome.in_use;
    options.tls_server_end_point = outcome.server_end_point;
    options.client_certificate_required = params.tls.certificate_mode == ClientCertificateMode::require;
    options.client_certificate_requested = outcome.client_certificate_requested;
    options.client_certificate_sent = outcome.client_certificate_sent;
    options.protocol_version = params.max_protocol_version;
    options.min_protocol_version = params.min_protocol_version;
    if (impl_->exposed_password_handler && !impl_->transport->encrypted() && !impl_->transport->peer_is_local()) {
        options.before_exposed_password = [this](std::string_view method) {
            impl_->exposed_password_handler(method, impl_->params);
        };
    }

    // connect_timeout covers authentication as well, so a server that accepts
    // the socket and then stalls cannot hang the connect.
    protocol::StartupOperation startup(std::move(options), impl_->buffer, impl_->session, diagnostics);
    impl_->usable = true;
    impl_->transport->set_deadline(connect_deadline(params));
    error = impl_->run(startup);
    authenticated = startup.authenticated();
    if (impl_->transport) impl_->transport->set_deadline(std::nullopt);
    if (error) {
        // libpq's form: the server first, then what failed.
        const std::string reason = diagnostics.client_message();
        diagnostics.set_client_message("connection to " + describe_server(params, "") + " failed: " + reason);
        impl_->transport.reset();
    }
    return error;
}

std::error_code Connection::query(std::string_view sql, protocol::QueryResult& result,
                                  protocol::Diagnostics& diagnostics) {
    diagnostics.clear();
    result = protocol::QueryResult{};
    if (const auto error = impl_->check_usable(diagnostics)) return error;

    protocol::QueryOperation operation(std::string(sql), &result, impl_->buffer, impl_->session, diagnostics);
    return impl_->run(operation);
}

std::error_code Connection::execute(std::string_view sql, protocol::Diagnostics& diagnostics) {
    diagnostics.clear();
    if (const auto error = impl_->check_usable(diagnostics)) return error;

    protocol::QueryOperation operation(std::string(sql), nullptr, impl_->buffer, impl_->session, diagnostics);
    return impl_->run(operation);
}

std::error_code Connection::copy_out(std::string_view sql, const CopyDataSink& sink,
                                     protocol::Diagnostics& diagnostics) {
    diagnostics.clear();
    if (const auto error = impl_->check_usable(diagnostics)) return error;
    if (!sink) {
        diagnostics.set_client_message("copy_out() needs a sink for the CopyData payloads, and an empty one was given");
        return std::make_error_code(std::errc::invalid_argument);
    }

    protocol::CopyOutOperation operation(std::string(sql), sink, impl_->buffer, impl_->session, diagnostics);
    return impl_->run(operation);
}

void Connection::set_notice_handler(NoticeHandler handler) { impl_->session.notice_callback = std::move(handler); }

std::string Connection::parameter(std::string_view name) const {
    const auto found = impl_->session.parameters.find(name);
    return found == impl_->session.parameters.end() ? std::string() : found->second;
}

int Connection::server_version_num() const { return protocol::parse_server_version_num(parameter("server_version")); }

std::int32_t Connection::backend_pid() const { return impl_->session.backend_key.process_id; }

CancelTarget Connection::cancel_target() const {
    return {impl_->params, impl_->session.backend_key.process_id, impl_->session.backend_key.secret_key};
}

std::int32_t Connection::protocol_version() const { return impl_->session.protocol_version; }

bool Connection::encrypted() const { return impl_->transport && impl_->transport->encrypted(); }

void Connection::set_exposed_password_handler(ExposedPasswordHandler handler) {
    impl_->exposed_password_handler = std::move(handler);
}

void Connection::close() {
    if (!impl_->transport) return;

    if (impl_->usable) {
        // Terminate lets the server end the session cleanly instead of
        // logging an unexpected EOF. A failure here changes nothing.
        std::vector<std::uint8_t> terminate;
        protocol::append_terminate(terminate);
        std::error_code ignored;
        impl_->transport->write_all(terminate, ignored);
    }
    impl_->drop();
    impl_->transport.reset();
    impl_->buffer = protocol::ReceiveBuffer{};
}

}  // namespace wiredump::io
