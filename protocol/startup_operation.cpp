#include "protocol/startup_operation.hpp"

#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"

#include <algorithm>

namespace wiredump::protocol {

std::string protocol_version_name(std::int32_t version) {
    return std::to_string(version >> 16) + "." + std::to_string(version & 0xffff);
}

StartupOperation::StartupOperation(StartupOptions options, ReceiveBuffer& buffer, SessionState& session,
                                   Diagnostics& diagnostics)
    : MessageOperation(buffer, session, diagnostics), options_(std::move(options)) {}

MessageOperation::Step StartupOperation::start() {
    StartupParameters parameters;
    parameters.emplace_back("user", options_.user);
    if (!options_.database.empty()) parameters.emplace_back("database", options_.database);
    if (!options_.application_name.empty()) parameters.emplace_back("application_name", options_.application_name);
    for (const auto& [name, value] : options_.extra_parameters) parameters.emplace_back(name, value);

    session().protocol_version = options_.protocol_version;
    if (const auto error = append_startup_message(write_buffer(), parameters, options_.protocol_version)) {
        return fail(error, "a connection parameter (user, database, application_name or a startup "
                           "option) contains a NUL byte; remove it");
    }
    return write_then_read();
}

MessageOperation::Step StartupOperation::handle_message(char tag, Bytes body) {
    switch (tag) {
    case backend_tag::authentication:
        return handle_authentication(body);

    case backend_tag::backend_key_data:
        if (const auto error = parse_backend_key_data(body, session().backend_key)) return fail_parse(tag, error);
        return keep_reading();

    case backend_tag::negotiate_protocol_version:
        return handle_negotiation(body);

    case backend_tag::error_response: {
        ServerError error;
        if (const auto parse_error = parse_error_response(body, error)) return fail_parse(tag, parse_error);
        diagnostics().set_server_error(std::move(error));
        return fail(errc::server_error, "the server rejected the connection");
    }

    case backend_tag::ready_for_query: {
        if (!authenticated_) return fail_unexpected(tag, "before authentication finished");
        ReadyForQuery ready;
        if (const auto error = parse_ready_for_query(body, ready)) return fail_parse(tag, error);
        session().transaction_status = ready.status;
        return finish_usable({});
    }

    default:
        return fail_unexpected(tag, "during connection startup");
    }
}

// Servers 13 to 17 reply to a request for 3.2 with NegotiateProtocolVersion
// naming 3.0 as their newest minor version, before authentication starts.
MessageOperation::Step StartupOperation::handle_negotiation(Bytes body) {
    constexpr char tag = backend_tag::negotiate_protocol_version;
    if (negotiated_ || authenticated_ || scram_) return fail_unexpected(tag, "after the protocol version was settled");
    negotiated_ = true;

    NegotiateProtocolVersion negotiation;
    if (const auto error = parse_negotiate_protocol_version(body, negotiation)) return fail_parse(tag, error);

    if (!negotiation.unrecognized_options.empty()) {
        return fail(errc::unexpected_message,
                    "the server sent NegotiateProtocolVersion rejecting the option \"" +
                        negotiation.unrecognized_options.front() + "\", which wiredump never sends");
    }
    // A valid offer is a lower version within major version 3, and never
    // 3.1, which no server used.
    const std::int32_t offered = negotiation.newest_version;
    if (offered >= options_.protocol_version || offered < protocol_version_3_0 || offered == protocol_version_3_0 + 1) {
        return fail(errc::unexpected_message,
                    "the server sent NegotiateProtocolVersion offering protocol " + protocol_version_name(offered) +
                        " in answer to a request for " +
                        protocol_version_name(options_.protocol_version) + ", which is not a valid downgrade");
    }
    if (offered < options_.min_protocol_version) {
        return fail(errc::unsupported_protocol_version,
                    "the server supports protocol version " + protocol_version_name(offered) +
                        " at most, but min_protocol_version is " +
                        protocol_version_name(options_.min_protocol_version) +
                        "; lower min_protocol_version or connect to PostgreSQL 18 or later");
    }
    session().protocol_version = offered;
    return keep_reading();
}

MessageOperation::Step StartupOperation::handle_authentication(Bytes body) {
    if (authenticated_) return fail_unexpected(backend_tag::authentication, "after AuthenticationOk");

    if (const auto error = parse_authentication(body, request_)) {
        if (error != errc::unsupported_auth_method) return fail_parse(backend_tag::authentication, error);
        return fail(error, "the server requested " + std::string(authentication_method_name(request_.code)) +
                               " authentication (request code " + std::to_string(request_.code) +
                               "), which wiredump does not support; use trust, password, md5 or "
                               "scram-sha-256 for this user in pg_hba.conf");
    }

    if (const std::string violation = channel_binding_violation(request_.kind); !violation.empty()) {
        return fail(errc::channel_binding_required, violation);
    }
    if (const std::string violation = client_certificate_violation(request_.kind); !violation.empty()) {
        return fail(errc::client_certificate_required, violation);
    }

    switch (request_.kind) {
    case AuthenticationKind::ok:
        // A server that skips SASLFinal never proves that it has the
        // password's SCRAM verifier, so AuthenticationOk counts only after
        // the server signature was verified.
        if (scram_ && !sasl_verified_) {
            return fail(errc::unexpected_message,
                        "the server sent AuthenticationOk before completing the SCRAM exchange, so it did "
                        "not prove that it has the password's verifier; it may not be the server you meant "
                        "to reach");
        }
        authenticated_ = true;
        return keep_reading();
    case AuthenticationKind::cleartext_password:
        return send_password("password");
    case AuthenticationKind::md5_password:
        return send_password("md5");
    case AuthenticationKind::sasl:
        return start_sasl(request_);
    case AuthenticationKind::sasl_continue:
        return continue_sasl(request_);
    case AuthenticationKind::sasl_final:
        return finish_sasl(request_);
    default:
        break;
    }
    return fail(errc::unsupported_auth_method, "the server requested authentication request code " +
                                                   std::to_string(request_.code) + ", which wiredump does not support");
}

MessageOperation::Step StartupOperation::fail_password_missing(std::string_view method) {
    return fail(errc::password_required, "the server requested " + std::string(method) +
                                             " authentication for user \"" + options_.user +
                                             "\", but no password was provided; set PGPASSWORD, add the "
                                             "password to ~/.pgpass, or use -W");
}

MessageOperation::Step StartupOperation::send_password(std::string_view method) {
    if (!options_.password) return fail_password_missing(method);
    if (options_.before_exposed_password) options_.before_exposed_password(method);

    const std::string response = request_.kind == AuthenticationKind::md5_password
                                     ? md5_password_response(options_.user, *options_.password, request_.md5_salt)
                                     : *options_.password;
    if (const auto error = append_password_message(write_buffer(), response)) {
        return fail(error, "the password contains a NUL byte, which the " + std::string(method) +
                               " authentication method cannot send");
    }
    return write_then_read();
}

// Checks a request against channel_binding=require as libpq's
// check_expected_areq does. Returns the failure text, or "" when allowed.
std::string StartupOperation::channel_binding_violation(AuthenticationKind kind) const {
    if (options_.channel_binding != ChannelBinding::require) return {};

    switch (kind) {
    case AuthenticationKind::sasl:
    case AuthenticationKind::sasl_continue:
    case AuthenticationKind::sasl_final:
        return {};
    case AuthenticationKind::ok:
        if (scram_ && scram_->channel_bound()) return {};
        return "channel binding is required (channel_binding=require), but the server authenticated the client "
               "without channel binding; use a pg_hba.conf method of scram-sha-256 for this user and connect "
               "with TLS, or set channel_binding=prefer";
    default:
        return "channel binding is required (channel_binding=require), but the server requested " +
               std::string(authentication_method_name(request_.code)) +
               " authentication, which cannot bind the TLS session; use a pg_hba.conf method of scram-sha-256 "
               "for this user, or set channel_binding=prefer";
    }
}

// Checks AuthenticationOk against sslcertmode=require as libpq 16 and later
// do. Returns the failure text, or "" when allowed.
std::string StartupOperation::client_certificate_violation(AuthenticationKind kind) const {
    if (!options_.client_certificate_required || kind != AuthenticationKind::ok) return {};

    if (!options_.client_certificate_requested) {
        return "the server did not request a client certificate, and sslcertmode=require needs one; use a "
               "pg_hba.conf line with the cert method or clientcert=verify-ca, or set sslcertmode=allow";
    }
    if (!options_.client_certificate_sent) {
        return "the server accepted the connection without a client certificate, and sslcertmode=require "
               "needs one; give the certificate with sslcert and sslkey";
    }
    return {};
}

// Picks the mechanism as libpq's pg_SASL_init does: SCRAM-SHA-256-PLUS when
// TLS is in use and channel binding is not disabled, else SCRAM-SHA-256.
std::error_code StartupOperation::select_sasl_mechanism(const std::vector<std::string>& offered,
                                                        ScramChannelBinding& binding) {
    const bool plus_offered = std::find(offered.begin(), offered.end(), ScramClient::plus_mechanism) != offered.end();
    const bool plain_offered = std::find(offered.begin(), offered.end(), ScramClient::mechanism) != offered.end();
    const bool binding_requested = options_.channel_binding != ChannelBinding::disable;

    // A server offers -PLUS only over TLS, so an offer without TLS means
    // that something in between removed it.
    if (plus_offered && !options_.tls_in_use) {
        diagnostics().set_client_message(
            "the server offered SCRAM-SHA-256-PLUS authentication on a connection without TLS; something "
            "between client and server may have removed TLS, so the connection was stopped");
        return errc::scram_plus_without_tls;
    }

    if (options_.channel_binding == ChannelBinding::require && !options_.tls_in_use) {
        diagnostics().set_client_message("channel binding is required (channel_binding=require), but the "
                                         "connection does not use TLS; connect with sslmode=require or stronger");
        return errc::channel_binding_required;
    }

    if (plus_offered && binding_requested) {
        if (options_.tls_server_end_point.empty()) {
            diagnostics().set_client_message("could not compute the tls-server-end-point channel binding data: the "
                                             "server certificate's signature algorithm has no hash; use "
                                             "channel_binding=disable or a certificate signed with RSA or ECDSA");
            return errc::channel_binding_unavailable;
        }
        binding.flag = ScramChannelBinding::Flag::tls_server_end_point;
        binding.data = options_.tls_server_end_point;
        return {};
    }

    if (options_.channel_binding == ChannelBinding::require) {
        diagnostics().set_client_message("channel binding is required (channel_binding=require), but the server "
                                         "did not offer SCRAM-SHA-256-PLUS; use a pg_hba.conf method of "
                                         "scram-sha-256 for this user, or set channel_binding=prefer");
        return errc::channel_binding_required;
    }

    if (!plain_offered) {
        std::string list;
        for (const auto& name : offered) list += (list.empty() ? "" : ", ") + name;
        diagnostics().set_client_message("the server offered the SASL mechanisms [" + list +
                                         "], and wiredump supports only SCRAM-SHA-256 and SCRAM-SHA-256-PLUS");
        return errc::no_supported_sasl_mechanism;
    }

    // "y" informs the server that the client could bind the channel, so a
    // server that supports -PLUS can detect that its offer was removed.
    binding.flag = options_.tls_in_use && binding_requested ? ScramChannelBinding::Flag::server_not_offering
                                                            : ScramChannelBinding::Flag::not_supported;
    return {};
}

MessageOperation::Step StartupOperation::start_sasl(const AuthenticationRequest& request) {
    if (scram_) return fail(errc::unexpected_message, "the server sent AuthenticationSASL a second time");

    ScramChannelBinding binding;
    if (const auto error = select_sasl_mechanism(request.sasl_mechanisms, binding)) {
        return {StepKind::finish, error};
    }
    if (!options_.password) return fail_password_missing("SCRAM-SHA-256");

    scram_ = options_.scram_client_nonce.empty()
                 ? std::make_unique<ScramClient>(*options_.password, std::move(binding))
                 : std::make_unique<ScramClient>(*options_.password, options_.scram_client_nonce, std::move(binding));
    append_sasl_initial_response(write_buffer(), scram_->mechanism_name(), scram_->client_first_message());
    return write_then_read();
}

MessageOperation::Step StartupOperation::continue_sasl(const AuthenticationRequest& request) {
    if (!scram_) {
        return fail(errc::unexpected_message, "the server sent AuthenticationSASLContinue before AuthenticationSASL");
    }

    const std::string_view server_first(reinterpret_cast<const char*>(request.sasl_data.data()),
                                        request.sasl_data.size());
    std::string client_final;
    if (const auto error = scram_->handle_server_first(server_first, client_final)) {
        return fail(error, "SCRAM-SHA-256 authentication failed at the server-first message: " + error.message());
    }
    append_sasl_response(write_buffer(), client_final);
    return write_then_read();
}

MessageOperation::Step StartupOperation::finish_sasl(const AuthenticationRequest& request) {
    if (!scram_) {
        return fail(errc::unexpected_message, "the server sent AuthenticationSASLFinal before AuthenticationSASL");
    }

    const std::string_view server_final(reinterpret_cast<const char*>(request.sasl_data.data()),
                                        request.sasl_data.size());
    if (const auto error = scram_->verify_server_final(server_final)) {
        std::string message = "SCRAM-SHA-256 authentication failed at the server-final message: " + error.message();
        if (!scram_->server_error_value().empty()) message += " (server error \"" + scram_->server_error_value() + "\")";
        return fail(error, message);
    }
    sasl_verified_ = true;
    return keep_reading();
}

}  // namespace wiredump::protocol
