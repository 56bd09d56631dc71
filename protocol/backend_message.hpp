#pragma once

// Backend (server-to-client) messages of protocol 3.0: the tag bytes, framing,
// and one type plus one parse function per message. Nothing here reads a
// socket. Every parse function takes the body that parse_frame() found, which
// is the bytes after the tag and length word. It returns
// errc::message_truncated when a field is missing, errc::trailing_bytes when
// bytes follow the last field, and errc::invalid_field when a value is out of
// range.

#include "protocol/diagnostics.hpp"
#include "protocol/query_result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

using Bytes = std::span<const std::uint8_t>;

// One constant per backend message tag, named as in the protocol documentation.
namespace backend_tag {
inline constexpr char authentication = 'R';
inline constexpr char backend_key_data = 'K';
inline constexpr char bind_complete = '2';
inline constexpr char close_complete = '3';
inline constexpr char command_complete = 'C';
inline constexpr char copy_data = 'd';
inline constexpr char copy_done = 'c';
inline constexpr char copy_in_response = 'G';
inline constexpr char copy_out_response = 'H';
inline constexpr char copy_both_response = 'W';
inline constexpr char data_row = 'D';
inline constexpr char empty_query_response = 'I';
inline constexpr char error_response = 'E';
inline constexpr char function_call_response = 'V';
inline constexpr char negotiate_protocol_version = 'v';
inline constexpr char no_data = 'n';
inline constexpr char notice_response = 'N';
inline constexpr char notification_response = 'A';
inline constexpr char parameter_description = 't';
inline constexpr char parameter_status = 'S';
inline constexpr char parse_complete = '1';
inline constexpr char portal_suspended = 's';
inline constexpr char ready_for_query = 'Z';
inline constexpr char row_description = 'T';
}  // namespace backend_tag

// Returns the protocol documentation's name for a backend tag ("DataRow"), or
// an empty view for a tag that no backend message uses.
std::string_view backend_message_name(char tag);

// Returns the tag as text for messages: the character itself when printable,
// otherwise its value, for example "0x00".
std::string describe_tag(char tag);

// ---------------------------------------------------------------------------
// Framing

// The largest length word accepted: the protocol's length field is a signed
// 32-bit integer, so anything above this is corrupt input.
inline constexpr std::uint32_t max_message_length = 0x7fffffff;

// The tag byte and the Int32 length word in front of every message body.
inline constexpr std::size_t message_header_size = 5;

enum class FrameStatus { complete, need_more_bytes, invalid };

struct FrameResult {
    FrameStatus status = FrameStatus::need_more_bytes;
    char tag = 0;
    Bytes body;                    // valid when complete
    std::size_t total_length = 0;  // tag byte + length word + body, once the header is known
    std::error_code error;         // invalid_length or unknown_message_type when invalid
    std::uint32_t length_word = 0; // the offending value for invalid_length
};

// Finds the first message in bytes. Returns complete with the body,
// need_more_bytes, or invalid with the reason. Once the 5-byte header has
// arrived, total_length is the size of the whole message, even when incomplete.
FrameResult parse_frame(Bytes bytes);

// ---------------------------------------------------------------------------
// Authentication ('R'). The Int32 request code picks the variant.

enum class AuthenticationKind : std::int32_t {
    ok = 0,
    kerberos_v5 = 2,
    cleartext_password = 3,
    md5_password = 5,
    gss = 7,
    gss_continue = 8,
    sspi = 9,
    sasl = 10,
    sasl_continue = 11,
    sasl_final = 12,
};

struct AuthenticationRequest {
    AuthenticationKind kind = AuthenticationKind::ok;
    std::int32_t code = 0;                  // the raw request code, for messages
    unsigned char md5_salt[4] = {0, 0, 0, 0};  // md5_password
    std::vector<std::string> sasl_mechanisms;  // sasl
    Bytes sasl_data;  // sasl_continue and sasl_final; points into the body
};

// Parses every request code this client supports. Other codes (Kerberos, GSSAPI,
// SSPI, unknown) return errc::unsupported_auth_method with out.code set, so the
// caller can name the method.
std::error_code parse_authentication(Bytes body, AuthenticationRequest& out);

// Returns the name of an authentication request code, such as "GSSAPI".
std::string_view authentication_method_name(std::int32_t code);

// ---------------------------------------------------------------------------
// Session set-up messages

struct ParameterStatus {
    std::string_view name;   // points into the body
    std::string_view value;
};
std::error_code parse_parameter_status(Bytes body, ParameterStatus& out);

// The secret key is 4 bytes in protocol 3.0. Protocol 3.2 (PostgreSQL 18)
// allows 4 to 256 bytes, and PostgreSQL 18 sends 32.
inline constexpr std::size_t max_secret_key_length = 256;

struct BackendKeyData {
    std::int32_t process_id = 0;
    std::vector<std::uint8_t> secret_key;
};
// Accepts a key of 4 to max_secret_key_length bytes; a longer or shorter one
// is errc::invalid_field.
std::error_code parse_backend_key_data(Bytes body, BackendKeyData& out);

enum class TransactionStatus : char { idle = 'I', in_transaction = 'T', failed = 'E' };

struct ReadyForQuery {
    TransactionStatus status = TransactionStatus::idle;
};
std::error_code parse_ready_for_query(Bytes body, ReadyForQuery& out);

struct NegotiateProtocolVersion {
    // The protocol documentation calls this field the newest minor version,
    // but servers 13 to 18 send a whole version word (196608 for 3.0), and
    // libpq 18 reads it as one.
    std::int32_t newest_version = 0;
    std::vector<std::string> unrecognized_options;
};
std::error_code parse_negotiate_protocol_version(Bytes body, NegotiateProtocolVersion& out);

// ---------------------------------------------------------------------------
// ErrorResponse ('E') and NoticeResponse ('N') share one body layout.

std::error_code parse_error_response(Bytes body, ServerError& out);
inline std::error_code parse_notice_response(Bytes body, ServerError& out) {
    return parse_error_response(body, out);
}

// ---------------------------------------------------------------------------
// Query results

std::error_code parse_row_description(Bytes body, std::vector<ColumnDescription>& out);

// One field of a DataRow: NULL (wire length -1) or the bytes of the value.
struct FieldValue {
    bool is_null = false;
    Bytes bytes;  // points into the body
};

// A DataRow whose field lengths parse_data_row() has checked, so iterating it
// cannot fail. Only parse_data_row() can give it fields, which keeps that true.
// FieldValue::bytes points into the message body.
class DataRow {
public:
    DataRow() = default;

    std::int16_t field_count() const { return field_count_; }

    // Stores the next field in value and returns true, or returns false after the last.
    bool next(FieldValue& value);

private:
    friend std::error_code parse_data_row(Bytes body, DataRow& out);

    DataRow(std::int16_t field_count, Bytes fields) : field_count_(field_count), fields_(fields) {}

    std::int16_t field_count_ = 0;
    std::int16_t fields_read_ = 0;
    Bytes fields_;
    std::size_t position_ = 0;
};

// Checks every field length (-1 for NULL, otherwise 0 or more and within the body).
std::error_code parse_data_row(Bytes body, DataRow& out);

struct CommandComplete {
    std::string_view command_tag;  // for example "SELECT 3"; points into the body
};
std::error_code parse_command_complete(Bytes body, CommandComplete& out);

// Checks the empty body of EmptyQueryResponse, CopyDone, NoData and similar messages.
std::error_code parse_empty_body(Bytes body);

// ---------------------------------------------------------------------------
// COPY

// CopyInResponse, CopyOutResponse and CopyBothResponse share this body.
struct CopyResponse {
    std::int8_t overall_format = 0;  // 0 text, 1 binary
    std::vector<std::int16_t> column_formats;
};
std::error_code parse_copy_response(Bytes body, CopyResponse& out);

// A CopyData body is the payload itself, so it needs no parse function.

// ---------------------------------------------------------------------------
// Asynchronous messages

struct NotificationResponse {
    std::int32_t process_id = 0;
    std::string_view channel;  // points into the body
    std::string_view payload;
};
std::error_code parse_notification_response(Bytes body, NotificationResponse& out);

}  // namespace wiredump::protocol
