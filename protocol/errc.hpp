#pragma once

#include <system_error>

namespace wiredump::protocol {

// Failures detected by the protocol layer. The server's own errors arrive as
// errc::server_error, with the ErrorResponse fields in Diagnostics.
enum class errc {
    // Framing and parsing of backend messages.
    message_truncated = 1,     // a body ended before a field it must contain
    trailing_bytes,            // a body had bytes after its last field
    invalid_length,            // a length word below 4 or above the limit
    unknown_message_type,      // a tag byte this client does not know
    invalid_field,             // a field value outside its allowed range

    // Conversation.
    unexpected_message,        // a valid message that is wrong at this point
    server_error,              // the server sent ErrorResponse
    connection_closed,         // the server closed the connection
    operation_out_of_order,    // a state machine was resumed after it finished
    copy_in_not_supported,     // the statement started COPY FROM STDIN
    copy_both_not_supported,   // the server started a CopyBoth (replication) stream
    copy_out_in_query,         // query() or execute() received a COPY TO STDOUT
    not_copy_out,              // copy_out() ran a statement that started no COPY TO STDOUT
    connection_unusable,       // a previous failure left the connection in an unknown state
    not_connected,             // a call needs an open connection
    nul_in_string,             // a string to send contains a NUL byte, which the protocol cannot carry
    unsupported_protocol_version, // the server's newest protocol version is below min_protocol_version
    session_attributes_mismatch,  // the server is not the kind target_session_attrs requests

    // Authentication.
    password_required,         // the server asked for a password and none was given
    unsupported_auth_method,   // an authentication request this client cannot handle
    no_supported_sasl_mechanism,
    scram_invalid_server_message,
    scram_nonce_mismatch,      // the server nonce does not extend the client nonce
    scram_invalid_iteration_count,
    scram_server_signature_mismatch,
    scram_out_of_order,
    scram_missing_attribute,      // a SCRAM server message lacks a required attribute
    scram_attribute_out_of_order, // a SCRAM server message has its attributes in the wrong order
    scram_invalid_base64,         // a SCRAM salt or server signature is not valid base64
    scram_server_rejected,        // the SCRAM server-final message carried e= instead of v=
    channel_binding_required,     // channel_binding=require, and the server did not bind the TLS session
    scram_plus_without_tls,       // the server offered SCRAM-SHA-256-PLUS on a connection without TLS
    channel_binding_unavailable,  // no tls-server-end-point hash exists for the server certificate
    client_certificate_required,  // sslcertmode=require, and no client certificate was requested or sent

    // SSLRequest.
    unencrypted_data_after_ssl_response, // bytes followed 'S' before the TLS handshake
    ssl_request_error_response,   // the server replied to SSLRequest with an error instead of 'S' or 'N'
    invalid_ssl_response,         // the server replied to SSLRequest with a byte other than 'S', 'N' or 'E'
};

const std::error_category& protocol_category();

inline std::error_code make_error_code(errc value) {
    return {static_cast<int>(value), protocol_category()};
}

}  // namespace wiredump::protocol

template <>
struct std::is_error_code_enum<wiredump::protocol::errc> : std::true_type {};
