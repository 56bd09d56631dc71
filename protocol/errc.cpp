#include "protocol/errc.hpp"

#include <string>

namespace wiredump::protocol {
namespace {

class ProtocolCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.protocol"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::message_truncated:
            return "a message from the server ended early; the connection is not speaking the PostgreSQL protocol or is corrupted";
        case errc::trailing_bytes:
            return "a message from the server was longer than its fields";
        case errc::invalid_length:
            return "a message from the server has an invalid length";
        case errc::unknown_message_type:
            return "the server sent a message type this client does not know";
        case errc::invalid_field:
            return "a message from the server has a field with an invalid value";
        case errc::unexpected_message:
            return "the server sent a message that is not valid at this point of the conversation";
        case errc::server_error:
            return "the server reported an error";
        case errc::connection_closed:
            return "the server closed the connection unexpectedly";
        case errc::operation_out_of_order:
            return "internal error: a protocol operation was resumed after it had finished";
        case errc::copy_in_not_supported:
            return "the statement started COPY FROM STDIN, which wiredump does not send; the copy was aborted";
        case errc::copy_both_not_supported:
            return "the server started a replication (CopyBoth) stream, which wiredump does not support; use a normal, non-replication connection";
        case errc::copy_out_in_query:
            return "the statement started COPY TO STDOUT outside copy_out(); its rows were read and discarded";
        case errc::not_copy_out:
            return "the statement given to copy_out() did not start COPY TO STDOUT; pass a \"COPY ... TO STDOUT\" statement";
        case errc::connection_unusable:
            return "an earlier failure left the connection in an unknown state; close it and connect again";
        case errc::not_connected:
            return "the connection is not open; call connect() first";
        case errc::nul_in_string:
            return "a string to send to the server contains a NUL byte, which the PostgreSQL protocol cannot carry; remove it";
        case errc::unsupported_protocol_version:
            return "the server does not support the protocol version that min_protocol_version requires; lower min_protocol_version";
        case errc::session_attributes_mismatch:
            return "the server is not of the kind target_session_attrs requests; connect to another host or change target_session_attrs";
        case errc::password_required:
            return "the server requested a password, but none was provided";
        case errc::unsupported_auth_method:
            return "the server requested an authentication method that wiredump does not support (it supports trust, password, md5 and SCRAM-SHA-256)";
        case errc::no_supported_sasl_mechanism:
            return "the server offered no SASL mechanism that wiredump supports (it supports SCRAM-SHA-256)";
        case errc::scram_invalid_server_message:
            return "the server sent an invalid SCRAM message";
        case errc::scram_nonce_mismatch:
            return "the server's SCRAM nonce does not start with the client's nonce";
        case errc::scram_invalid_iteration_count:
            return "the server sent an invalid SCRAM iteration count";
        case errc::scram_server_signature_mismatch:
            return "the server's SCRAM signature is wrong: the server does not know the password, so it may not be the server you meant to reach";
        case errc::scram_out_of_order:
            return "internal error: SCRAM steps were called out of order";
        case errc::scram_missing_attribute:
            return "a SCRAM message from the server lacks a required attribute (r=, s=, i= or v=); the server does not follow RFC 5802";
        case errc::scram_attribute_out_of_order:
            return "a SCRAM message from the server has its attributes out of order; RFC 5802 requires r=, s=, i= in that order";
        case errc::scram_invalid_base64:
            return "a SCRAM message from the server has a salt or signature that is not valid base64";
        case errc::scram_server_rejected:
            return "the server rejected the SCRAM exchange (it sent e= in its final message); check the password and the server log";
        case errc::channel_binding_required:
            return "channel binding is required (channel_binding=require), but the server did not authenticate with SCRAM-SHA-256-PLUS over TLS";
        case errc::scram_plus_without_tls:
            return "the server offered SCRAM-SHA-256-PLUS on a connection without TLS; something between client and server may have removed TLS";
        case errc::channel_binding_unavailable:
            return "the server certificate's signature algorithm has no hash for tls-server-end-point channel binding; use channel_binding=disable or a certificate signed with RSA or ECDSA";
        case errc::client_certificate_required:
            return "sslcertmode=require, but the server did not request a client certificate or did not get one";
        case errc::unencrypted_data_after_ssl_response:
            return "the server sent unencrypted data after accepting SSLRequest; something between client and server may be injecting data";
        case errc::ssl_request_error_response:
            return "the server replied to SSLRequest with an error response";
        case errc::invalid_ssl_response:
            return "the server replied to SSLRequest with a byte other than 'S', 'N' or 'E'; it may not be a PostgreSQL server";
        }
        return "unknown protocol error " + std::to_string(value);
    }
};

}  // namespace

const std::error_category& protocol_category() {
    static const ProtocolCategory category;
    return category;
}

}  // namespace wiredump::protocol
