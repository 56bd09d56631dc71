#include "protocol/statement_operation.hpp"

#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"

namespace wiredump::protocol {

// ---------------------------------------------------------------------------
// StatementOperation

MessageOperation::Step StatementOperation::start() {
    if (const auto error = append_query(write_buffer(), sql_)) {
        // Nothing was sent, so the server still waits for a query.
        diagnostics().set_client_message("the SQL text contains a NUL byte at offset " +
                                         std::to_string(sql_.find('\0')) + "; remove it");
        return finish_usable(error);
    }
    return write_then_read();
}

void StatementOperation::set_pending_error(std::error_code error, std::string message) {
    if (pending_error_) return;
    pending_error_ = error;
    if (!message.empty()) diagnostics().set_client_message(std::move(message));
}

bool StatementOperation::handle_statement_message(char tag, Bytes body, Step& step) {
    switch (tag) {
    case backend_tag::error_response: {
        ServerError error;
        if (const auto parse_error = parse_error_response(body, error)) {
            step = fail_parse(tag, parse_error);
            return true;
        }
        // A FATAL or PANIC error ends the session, and the server closes the
        // connection without ReadyForQuery.
        const std::string& severity = error.severity_raw.empty() ? error.severity : error.severity_raw;
        const bool session_ended = severity == "FATAL" || severity == "PANIC";

        if (!diagnostics().server_error()) diagnostics().set_server_error(std::move(error));
        if (session_ended) {
            step = fail(errc::server_error, "the server ended the session; connect again");
            return true;
        }

        // After any other error the server skips the rest of the query
        // string and sends ReadyForQuery, which keeps the connection usable.
        set_pending_error(errc::server_error, "");
        step = keep_reading();
        return true;
    }

    case backend_tag::copy_in_response: {
        CopyResponse response;
        if (const auto error = parse_copy_response(body, response)) {
            step = fail_parse(tag, error);
            return true;
        }
        // CopyFail makes the server end the COPY with an ErrorResponse and
        // then ReadyForQuery, so the connection stays usable.
        append_copy_fail(write_buffer(), "wiredump does not send COPY FROM STDIN data");
        set_pending_error(errc::copy_in_not_supported,
                          "the statement started COPY FROM STDIN, which wiredump does not support; "
                          "the copy was aborted with CopyFail");
        step = write_then_read();
        return true;
    }

    case backend_tag::copy_both_response:
        step = fail(errc::copy_both_not_supported,
                    "the server started a CopyBoth (replication) stream, which wiredump does not support; "
                    "the connection is no longer usable");
        return true;

    case backend_tag::ready_for_query: {
        ReadyForQuery ready;
        if (const auto error = parse_ready_for_query(body, ready)) {
            step = fail_parse(tag, error);
            return true;
        }
        session().transaction_status = ready.status;
        step = finish_usable(pending_error_);
        return true;
    }

    default:
        return false;
    }
}

// ---------------------------------------------------------------------------
// QueryOperation

void QueryOperation::start_statement_if_needed() {
    if (statement_open_) return;

    // A new statement's result replaces the previous statement's.
    QueryResult& target = result_ ? *result_ : discarded_;
    target = QueryResult{};
    statement_open_ = true;
    rows_expected_ = false;
}

MessageOperation::Step QueryOperation::handle_message(char tag, Bytes body) {
    Step step;
    if (handle_statement_message(tag, body, step)) return step;

    switch (tag) {
    case backend_tag::row_description:
        return handle_row_description(body);

    case backend_tag::data_row:
        return handle_data_row(body);

    case backend_tag::command_complete: {
        CommandComplete complete;
        if (const auto error = parse_command_complete(body, complete)) return fail_parse(tag, error);
        start_statement_if_needed();
        (result_ ? *result_ : discarded_).command_tag = complete.command_tag;
        statement_open_ = false;
        in_copy_out_ = false;
        return keep_reading();
    }

    case backend_tag::empty_query_response:
        if (const auto error = parse_empty_body(body)) return fail_parse(tag, error);
        start_statement_if_needed();
        statement_open_ = false;
        return keep_reading();

    case backend_tag::copy_out_response: {
        CopyResponse response;
        if (const auto error = parse_copy_response(body, response)) return fail_parse(tag, error);
        // Reading the copy to its end keeps the connection usable.
        in_copy_out_ = true;
        set_pending_error(errc::copy_out_in_query,
                          "the statement started COPY TO STDOUT; use copy_out() for it. Its rows were "
                          "read and discarded");
        return keep_reading();
    }

    case backend_tag::copy_data:
    case backend_tag::copy_done:
        if (!in_copy_out_) return fail_unexpected(tag, "outside a COPY TO STDOUT");
        return keep_reading();

    default:
        return fail_unexpected(tag, "in the result of a simple query");
    }
}

MessageOperation::Step QueryOperation::handle_row_description(Bytes body) {
    start_statement_if_needed();
    QueryResult& target = result_ ? *result_ : discarded_;
    if (const auto error = parse_row_description(body, target.columns)) {
        return fail_parse(backend_tag::row_description, error);
    }
    rows_expected_ = true;
    return keep_reading();
}

MessageOperation::Step QueryOperation::handle_data_row(Bytes body) {
    if (!rows_expected_) return fail_unexpected(backend_tag::data_row, "before a RowDescription");

    DataRow row;
    if (const auto error = parse_data_row(body, row)) return fail_parse(backend_tag::data_row, error);

    QueryResult& target = result_ ? *result_ : discarded_;
    if (static_cast<std::size_t>(row.field_count()) != target.columns.size()) {
        return fail(errc::invalid_field, "the server sent a DataRow with " + std::to_string(row.field_count()) +
                                             " fields for a RowDescription with " +
                                             std::to_string(target.columns.size()) + " columns");
    }
    if (!result_) return keep_reading();

    std::vector<std::optional<std::string>> values;
    values.reserve(target.columns.size());
    FieldValue field;
    while (row.next(field)) {
        if (field.is_null) {
            values.emplace_back(std::nullopt);
        } else {
            values.emplace_back(std::string(reinterpret_cast<const char*>(field.bytes.data()), field.bytes.size()));
        }
    }
    target.rows.push_back(std::move(values));
    return keep_reading();
}

// ---------------------------------------------------------------------------
// CopyOutOperation

MessageOperation::Step CopyOutOperation::handle_message(char tag, Bytes body) {
    Step step;
    if (handle_statement_message(tag, body, step)) {
        if (tag == backend_tag::error_response) in_copy_ = false;
        if (tag == backend_tag::ready_for_query && !copy_started_ && !has_pending_error()) {
            diagnostics().set_client_message("the statement given to copy_out() did not start COPY TO STDOUT");
            return finish_usable(errc::not_copy_out);
        }
        return step;
    }

    switch (tag) {
    case backend_tag::copy_out_response:
        if (const auto error = parse_copy_response(body, copy_response_)) return fail_parse(tag, error);
        in_copy_ = true;
        copy_started_ = true;
        return keep_reading();

    case backend_tag::copy_data:
        if (!in_copy_) return fail_unexpected(tag, "outside a COPY TO STDOUT");
        return pass_to_callback(body, true);

    case backend_tag::copy_done:
        if (!in_copy_) return fail_unexpected(tag, "outside a COPY TO STDOUT");
        if (const auto error = parse_empty_body(body)) return fail_parse(tag, error);
        in_copy_ = false;
        return keep_reading();

    case backend_tag::command_complete: {
        if (in_copy_) return fail_unexpected(tag, "before CopyDone");
        CommandComplete complete;
        if (const auto error = parse_command_complete(body, complete)) return fail_parse(tag, error);
        return keep_reading();
    }

    case backend_tag::row_description:
    case backend_tag::data_row:
    case backend_tag::empty_query_response:
        // The statement was not a COPY TO STDOUT. Its rows are drained so the
        // connection stays usable.
        set_pending_error(errc::not_copy_out,
                          "the statement given to copy_out() returned rows or nothing instead of starting "
                          "COPY TO STDOUT; pass a \"COPY ... TO STDOUT\" statement");
        return keep_reading();

    default:
        return fail_unexpected(tag, "during COPY TO STDOUT");
    }
}

bool CopyOutOperation::takes_pieces(char tag) const { return in_copy_ && tag == backend_tag::copy_data; }

MessageOperation::Step CopyOutOperation::handle_message_piece(char /*tag*/, Bytes piece, bool last) {
    return pass_to_callback(piece, last);
}

MessageOperation::Step CopyOutOperation::pass_to_callback(Bytes piece, bool payload_end) {
    if (const auto error = callback_(piece, payload_end)) {
        return fail(error, "the COPY TO STDOUT stopped because its consumer failed: " + error.message() +
                               "; the connection is no longer usable");
    }
    return keep_reading();
}

}  // namespace wiredump::protocol
