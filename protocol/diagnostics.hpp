#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wiredump::protocol {

// Every field of an ErrorResponse or NoticeResponse, by the one-byte codes of
// the protocol's "Error and Notice Message Fields". Absent fields stay empty.
struct ServerError {
    std::string severity;           // 'S', possibly localized
    std::string severity_raw;       // 'V', never localized (servers 9.6+)
    std::string sqlstate;           // 'C'
    std::string message;            // 'M'
    std::string detail;             // 'D'
    std::string hint;               // 'H'
    std::string position;           // 'P'
    std::string internal_position;  // 'p'
    std::string internal_query;     // 'q'
    std::string context;            // 'W'
    std::string schema_name;        // 's'
    std::string table_name;         // 't'
    std::string column_name;        // 'c'
    std::string data_type_name;     // 'd'
    std::string constraint_name;    // 'n'
    std::string source_file;        // 'F'
    std::string source_line;        // 'L'
    std::string source_routine;     // 'R'
    // Fields with codes this client does not know, kept as (code, value).
    std::vector<std::pair<char, std::string>> unknown_fields;
};

// Formats an error as psql prints it: "SEVERITY:  message", with " at
// character N" when the error has a position, followed by DETAIL, HINT, QUERY
// and CONTEXT lines when present. The text has no trailing newline.
std::string format_server_error(const ServerError& error);

// The details of a failure beyond its std::error_code: wiredump's own message
// about the failing step, kept apart from the error the server sent.
class Diagnostics {
public:
    void clear() {
        client_message_.clear();
        server_error_.reset();
    }

    void set_client_message(std::string message) { client_message_ = std::move(message); }
    void set_server_error(ServerError error) { server_error_ = std::move(error); }

    const std::string& client_message() const { return client_message_; }
    const std::optional<ServerError>& server_error() const { return server_error_; }

private:
    std::string client_message_;
    std::optional<ServerError> server_error_;
};

}  // namespace wiredump::protocol
