// libFuzzer target for the backend message parsers and the operations that
// consume them. The only property checked is that no input crashes, leaks,
// hits undefined behaviour or throws.

#include "protocol/backend_message.hpp"
#include "protocol/statement_operation.hpp"
#include "protocol/startup_operation.hpp"

#include <cstddef>
#include <cstdint>

using namespace wiredump::protocol;

namespace {

void parse_body(char tag, Bytes body) {
    switch (tag) {
    case backend_tag::authentication: {
        AuthenticationRequest request;
        parse_authentication(body, request);
        break;
    }
    case backend_tag::parameter_status: {
        ParameterStatus status;
        parse_parameter_status(body, status);
        break;
    }
    case backend_tag::backend_key_data: {
        BackendKeyData key;
        parse_backend_key_data(body, key);
        break;
    }
    case backend_tag::ready_for_query: {
        ReadyForQuery ready;
        parse_ready_for_query(body, ready);
        break;
    }
    case backend_tag::negotiate_protocol_version: {
        NegotiateProtocolVersion negotiation;
        parse_negotiate_protocol_version(body, negotiation);
        break;
    }
    case backend_tag::error_response:
    case backend_tag::notice_response: {
        ServerError error;
        if (!parse_error_response(body, error)) format_server_error(error);
        break;
    }
    case backend_tag::row_description: {
        std::vector<ColumnDescription> columns;
        parse_row_description(body, columns);
        break;
    }
    case backend_tag::data_row: {
        DataRow row;
        if (!parse_data_row(body, row)) {
            FieldValue field;
            while (row.next(field)) {
            }
        }
        break;
    }
    case backend_tag::command_complete: {
        CommandComplete complete;
        parse_command_complete(body, complete);
        break;
    }
    case backend_tag::copy_in_response:
    case backend_tag::copy_out_response:
    case backend_tag::copy_both_response: {
        CopyResponse response;
        parse_copy_response(body, response);
        break;
    }
    case backend_tag::notification_response: {
        NotificationResponse notification;
        parse_notification_response(body, notification);
        break;
    }
    default:
        parse_empty_body(body);
        break;
    }
}

// Feeds the input to an operation as the server's bytes, in reads of
// piece_size bytes, and reports every write as successful.
void run_operation(MessageOperation& operation, Bytes input, std::size_t piece_size) {
    std::size_t offset = 0;
    NextAction action = operation.resume({}, 0);
    while (!action.is_done()) {
        if (action.kind() == NextAction::Kind::write) {
            action = operation.resume({}, 0);
            continue;
        }
        const auto space = action.read_space();
        const std::size_t count = std::min({piece_size, input.size() - offset, space.size()});
        std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(offset), count, space.begin());
        offset += count;
        action = operation.resume({}, count);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Bytes input(data + 1, size - 1);

    // The first byte picks the target, so one corpus covers all of them.
    switch (data[0] % 5) {
    case 0: {
        // Framing followed by the body parser of each complete message.
        Bytes rest = input;
        for (;;) {
            const FrameResult frame = parse_frame(rest);
            if (frame.status != FrameStatus::complete) break;
            parse_body(frame.tag, frame.body);
            rest = rest.subspan(frame.total_length);
        }
        break;
    }
    case 1:
        // Every body parser on the same bytes.
        for (const char tag : {'R', 'S', 'K', 'Z', 'v', 'E', 'T', 'D', 'C', 'H', 'A', 'c'}) parse_body(tag, input);
        break;
    case 2: {
        ReceiveBuffer buffer(16);
        SessionState session;
        Diagnostics diagnostics;
        StartupOptions options;
        options.user = "fuzz";
        options.password = "secret";
        StartupOperation operation(options, buffer, session, diagnostics);
        run_operation(operation, input, 7);
        break;
    }
    case 3: {
        ReceiveBuffer buffer(16);
        SessionState session;
        Diagnostics diagnostics;
        QueryResult result;
        QueryOperation operation("select 1", &result, buffer, session, diagnostics);
        run_operation(operation, input, 5);
        break;
    }
    default: {
        ReceiveBuffer buffer(16);
        SessionState session;
        Diagnostics diagnostics;
        // A piece is never empty, so an empty one is a bug the fuzzer reports.
        auto check_piece = [](Bytes piece, bool) {
            if (piece.empty()) __builtin_trap();
            return std::error_code{};
        };
        CopyOutOperation operation("copy t to stdout", check_piece, buffer, session, diagnostics);
        run_operation(operation, input, 64);
        break;
    }
    }
    return 0;
}
