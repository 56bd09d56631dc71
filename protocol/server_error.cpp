#include "protocol/backend_message.hpp"
#include "protocol/byte_reader.hpp"
#include "protocol/diagnostics.hpp"

namespace wiredump::protocol {
namespace {

// Returns the ServerError member for a field code, or nullptr for a code this
// client does not know.
std::string* field_for_code(ServerError& error, char code) {
    switch (code) {
    case 'S': return &error.severity;
    case 'V': return &error.severity_raw;
    case 'C': return &error.sqlstate;
    case 'M': return &error.message;
    case 'D': return &error.detail;
    case 'H': return &error.hint;
    case 'P': return &error.position;
    case 'p': return &error.internal_position;
    case 'q': return &error.internal_query;
    case 'W': return &error.context;
    case 's': return &error.schema_name;
    case 't': return &error.table_name;
    case 'c': return &error.column_name;
    case 'd': return &error.data_type_name;
    case 'n': return &error.constraint_name;
    case 'F': return &error.source_file;
    case 'L': return &error.source_line;
    case 'R': return &error.source_routine;
    default: return nullptr;
    }
}

void append_line(std::string& text, std::string_view label, const std::string& value) {
    if (value.empty()) return;
    text += '\n';
    text += label;
    text += ":  ";
    text += value;
}

}  // namespace

std::error_code parse_error_response(Bytes body, ServerError& out) {
    ByteReader reader(body);
    out = ServerError{};

    // Pairs of a one-byte field code and a NUL-terminated value, ended by a zero byte.
    for (;;) {
        const char code = static_cast<char>(reader.read_uint8());
        if (reader.error()) return reader.error();
        if (code == '\0') break;

        const std::string_view value = reader.read_cstring();
        if (reader.error()) return reader.error();

        if (std::string* field = field_for_code(out, code)) {
            field->assign(value);
        } else {
            out.unknown_fields.emplace_back(code, std::string(value));
        }
    }
    return reader.finish();
}

std::string format_server_error(const ServerError& error) {
    std::string text;
    if (!error.severity.empty()) {
        text = error.severity;
    } else if (!error.severity_raw.empty()) {
        text = error.severity_raw;
    } else {
        text = "ERROR";
    }
    text += ":  ";
    text += error.message;

    // libpq adds the position to the message when it has no query text to
    // point into, and so does this function, which never has the query text.
    if (!error.position.empty()) {
        text += " at character " + error.position;
    } else if (!error.internal_position.empty() && error.internal_query.empty()) {
        text += " at character " + error.internal_position;
    }

    // The lines libpq's pqBuildErrorMessage3 (fe-protocol3.c) prints at its
    // default verbosity, in its order. libpq prints CONTEXT only for errors by
    // default, and this function prints it for notices too.
    append_line(text, "DETAIL", error.detail);
    append_line(text, "HINT", error.hint);
    append_line(text, "QUERY", error.internal_query);
    append_line(text, "CONTEXT", error.context);
    return text;
}

}  // namespace wiredump::protocol
