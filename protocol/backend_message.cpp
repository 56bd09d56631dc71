#include "protocol/backend_message.hpp"

#include "protocol/byte_reader.hpp"

#include <cstdio>

namespace wiredump::protocol {

std::string_view backend_message_name(char tag) {
    switch (tag) {
    case backend_tag::authentication: return "Authentication";
    case backend_tag::backend_key_data: return "BackendKeyData";
    case backend_tag::bind_complete: return "BindComplete";
    case backend_tag::close_complete: return "CloseComplete";
    case backend_tag::command_complete: return "CommandComplete";
    case backend_tag::copy_data: return "CopyData";
    case backend_tag::copy_done: return "CopyDone";
    case backend_tag::copy_in_response: return "CopyInResponse";
    case backend_tag::copy_out_response: return "CopyOutResponse";
    case backend_tag::copy_both_response: return "CopyBothResponse";
    case backend_tag::data_row: return "DataRow";
    case backend_tag::empty_query_response: return "EmptyQueryResponse";
    case backend_tag::error_response: return "ErrorResponse";
    case backend_tag::function_call_response: return "FunctionCallResponse";
    case backend_tag::negotiate_protocol_version: return "NegotiateProtocolVersion";
    case backend_tag::no_data: return "NoData";
    case backend_tag::notice_response: return "NoticeResponse";
    case backend_tag::notification_response: return "NotificationResponse";
    case backend_tag::parameter_description: return "ParameterDescription";
    case backend_tag::parameter_status: return "ParameterStatus";
    case backend_tag::parse_complete: return "ParseComplete";
    case backend_tag::portal_suspended: return "PortalSuspended";
    case backend_tag::ready_for_query: return "ReadyForQuery";
    case backend_tag::row_description: return "RowDescription";
    default: return {};
    }
}

std::string describe_tag(char tag) {
    const auto code = static_cast<unsigned char>(tag);
    if (code >= 0x21 && code <= 0x7e) return std::string("'") + tag + "'";

    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", code);
    return text;
}

FrameResult parse_frame(Bytes bytes) {
    FrameResult result;
    if (bytes.empty()) return result;

    result.tag = static_cast<char>(bytes[0]);
    if (backend_message_name(result.tag).empty()) {
        result.status = FrameStatus::invalid;
        result.error = errc::unknown_message_type;
        return result;
    }
    if (bytes.size() < message_header_size) return result;

    ByteReader reader(bytes.subspan(1, 4));
    const std::uint32_t length = reader.read_uint32();
    if (length < 4 || length > max_message_length) {
        result.status = FrameStatus::invalid;
        result.error = errc::invalid_length;
        result.length_word = length;
        return result;
    }

    // The length word counts itself but not the tag byte.
    result.total_length = std::size_t{length} + 1;
    if (bytes.size() < result.total_length) return result;

    result.status = FrameStatus::complete;
    result.body = bytes.subspan(message_header_size, length - 4);
    return result;
}

std::string_view authentication_method_name(std::int32_t code) {
    switch (static_cast<AuthenticationKind>(code)) {
    case AuthenticationKind::ok: return "none";
    case AuthenticationKind::kerberos_v5: return "Kerberos V5";
    case AuthenticationKind::cleartext_password: return "password";
    case AuthenticationKind::md5_password: return "MD5";
    case AuthenticationKind::gss:
    case AuthenticationKind::gss_continue: return "GSSAPI";
    case AuthenticationKind::sspi: return "SSPI";
    case AuthenticationKind::sasl:
    case AuthenticationKind::sasl_continue:
    case AuthenticationKind::sasl_final: return "SASL";
    }
    return "unknown";
}

std::error_code parse_authentication(Bytes body, AuthenticationRequest& out) {
    ByteReader reader(body);
    out = AuthenticationRequest{};
    out.code = reader.read_int32();
    if (reader.error()) return reader.error();

    switch (static_cast<AuthenticationKind>(out.code)) {
    case AuthenticationKind::ok:
    case AuthenticationKind::cleartext_password:
        break;

    case AuthenticationKind::md5_password: {
        const Bytes salt = reader.read_bytes(4);
        for (std::size_t i = 0; i < salt.size(); ++i) out.md5_salt[i] = salt[i];
        break;
    }

    case AuthenticationKind::sasl:
        // A list of mechanism names, each NUL-terminated, ended by an empty name.
        for (;;) {
            const std::string_view mechanism = reader.read_cstring();
            if (reader.error() || mechanism.empty()) break;
            out.sasl_mechanisms.emplace_back(mechanism);
        }
        break;

    case AuthenticationKind::sasl_continue:
    case AuthenticationKind::sasl_final:
        out.sasl_data = reader.read_rest();
        break;

    default:
        return errc::unsupported_auth_method;
    }

    out.kind = static_cast<AuthenticationKind>(out.code);
    return reader.finish();
}

std::error_code parse_parameter_status(Bytes body, ParameterStatus& out) {
    ByteReader reader(body);
    out.name = reader.read_cstring();
    out.value = reader.read_cstring();
    return reader.finish();
}

std::error_code parse_backend_key_data(Bytes body, BackendKeyData& out) {
    ByteReader reader(body);
    out.process_id = reader.read_int32();
    const auto key = reader.read_rest();
    if (reader.error()) return reader.error();
    if (key.size() < 4 || key.size() > max_secret_key_length) return errc::invalid_field;
    out.secret_key.assign(key.begin(), key.end());
    return {};
}

std::error_code parse_ready_for_query(Bytes body, ReadyForQuery& out) {
    ByteReader reader(body);
    const char status = static_cast<char>(reader.read_uint8());
    if (const auto error = reader.finish()) return error;

    switch (status) {
    case 'I': out.status = TransactionStatus::idle; return {};
    case 'T': out.status = TransactionStatus::in_transaction; return {};
    case 'E': out.status = TransactionStatus::failed; return {};
    default: return errc::invalid_field;
    }
}

std::error_code parse_negotiate_protocol_version(Bytes body, NegotiateProtocolVersion& out) {
    ByteReader reader(body);
    out = NegotiateProtocolVersion{};
    out.newest_version = reader.read_int32();
    const std::int32_t option_count = reader.read_int32();
    if (reader.error()) return reader.error();
    if (out.newest_version < 0 || option_count < 0) return errc::invalid_field;

    // Each option name needs at least its NUL, which bounds the reservation.
    if (static_cast<std::size_t>(option_count) > reader.remaining()) return errc::message_truncated;
    out.unrecognized_options.reserve(static_cast<std::size_t>(option_count));
    for (std::int32_t i = 0; i < option_count && !reader.error(); ++i) {
        out.unrecognized_options.emplace_back(reader.read_cstring());
    }
    return reader.finish();
}

std::error_code parse_row_description(Bytes body, std::vector<ColumnDescription>& out) {
    constexpr std::size_t min_column_size = 19;  // empty name's NUL plus 18 bytes of numbers

    ByteReader reader(body);
    out.clear();
    const std::int16_t column_count = reader.read_int16();
    if (reader.error()) return reader.error();
    if (column_count < 0) return errc::invalid_field;
    if (static_cast<std::size_t>(column_count) * min_column_size > reader.remaining()) {
        return errc::message_truncated;
    }

    out.reserve(static_cast<std::size_t>(column_count));
    for (std::int16_t i = 0; i < column_count; ++i) {
        ColumnDescription column;
        column.name = reader.read_cstring();
        column.table_oid = reader.read_uint32();
        column.column_number = reader.read_int16();
        column.type_oid = reader.read_uint32();
        column.type_size = reader.read_int16();
        column.type_modifier = reader.read_int32();
        column.format_code = reader.read_int16();
        if (reader.error()) return reader.error();
        out.push_back(std::move(column));
    }
    return reader.finish();
}

bool DataRow::next(FieldValue& value) {
    if (fields_read_ >= field_count_) return false;

    // parse_data_row() checked these lengths, so no bounds check repeats here.
    ByteReader reader(fields_.subspan(position_));
    const std::int32_t length = reader.read_int32();
    value.is_null = length < 0;
    value.bytes = value.is_null ? Bytes{} : reader.read_bytes(static_cast<std::size_t>(length));
    position_ = fields_.size() - reader.remaining();
    ++fields_read_;
    return true;
}

std::error_code parse_data_row(Bytes body, DataRow& out) {
    ByteReader reader(body);
    const std::int16_t field_count = reader.read_int16();
    if (reader.error()) return reader.error();
    if (field_count < 0) return errc::invalid_field;

    const Bytes fields = reader.remaining_bytes();
    for (std::int16_t i = 0; i < field_count; ++i) {
        const std::int32_t length = reader.read_int32();
        if (reader.error()) return reader.error();
        if (length < -1) return errc::invalid_field;
        if (length > 0) reader.read_bytes(static_cast<std::size_t>(length));
    }
    if (const auto error = reader.finish()) return error;

    out = DataRow(field_count, fields);
    return {};
}

std::error_code parse_command_complete(Bytes body, CommandComplete& out) {
    ByteReader reader(body);
    out.command_tag = reader.read_cstring();
    return reader.finish();
}

std::error_code parse_empty_body(Bytes body) {
    return body.empty() ? std::error_code{} : std::error_code{errc::trailing_bytes};
}

std::error_code parse_copy_response(Bytes body, CopyResponse& out) {
    ByteReader reader(body);
    out = CopyResponse{};
    const std::uint8_t overall_format = reader.read_uint8();
    const std::int16_t column_count = reader.read_int16();
    if (reader.error()) return reader.error();
    if (overall_format > 1 || column_count < 0) return errc::invalid_field;
    if (static_cast<std::size_t>(column_count) * 2 > reader.remaining()) return errc::message_truncated;

    out.overall_format = static_cast<std::int8_t>(overall_format);
    out.column_formats.reserve(static_cast<std::size_t>(column_count));
    for (std::int16_t i = 0; i < column_count; ++i) {
        const std::int16_t format = reader.read_int16();
        if (format != 0 && format != 1) return errc::invalid_field;
        out.column_formats.push_back(format);
    }
    return reader.finish();
}

std::error_code parse_notification_response(Bytes body, NotificationResponse& out) {
    ByteReader reader(body);
    out.process_id = reader.read_int32();
    out.channel = reader.read_cstring();
    out.payload = reader.read_cstring();
    return reader.finish();
}

}  // namespace wiredump::protocol
