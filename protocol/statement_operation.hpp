#pragma once

#include "protocol/message_operation.hpp"
#include "protocol/query_result.hpp"

#include <functional>
#include <string>

namespace wiredump::protocol {

// Base of the operations that send one Query message and read until
// ReadyForQuery. It handles what every statement can receive: ErrorResponse
// (kept, then the operation drains to ReadyForQuery so the connection stays
// usable), CopyInResponse (ended with CopyFail), CopyBothResponse (fatal)
// and ReadyForQuery.
class StatementOperation : public MessageOperation {
public:
    StatementOperation(std::string sql, ReceiveBuffer& buffer, SessionState& session, Diagnostics& diagnostics)
        : MessageOperation(buffer, session, diagnostics), sql_(std::move(sql)) {}

protected:
    Step start() override;

    // Handles the messages common to all statements. Returns true and sets
    // step when it handled the message.
    bool handle_statement_message(char tag, Bytes body, Step& step);

    // Keeps the first failure of the statement, to report at ReadyForQuery.
    void set_pending_error(std::error_code error, std::string message);

    bool has_pending_error() const { return static_cast<bool>(pending_error_); }

private:
    std::string sql_;
    std::error_code pending_error_;
};

// Runs a simple query and collects its rows in text format. When the SQL contains
// several statements, result describes the last statement that the server
// completed. With a null result the rows are checked and then dropped.
class QueryOperation final : public StatementOperation {
public:
    QueryOperation(std::string sql, QueryResult* result, ReceiveBuffer& buffer, SessionState& session,
                   Diagnostics& diagnostics)
        : StatementOperation(std::move(sql), buffer, session, diagnostics), result_(result) {}

private:
    Step handle_message(char tag, Bytes body) override;
    Step handle_row_description(Bytes body);
    Step handle_data_row(Bytes body);
    void start_statement_if_needed();

    QueryResult* result_;
    QueryResult discarded_;       // the target when result_ is null
    bool statement_open_ = false; // a statement has started and not completed
    bool rows_expected_ = false;  // RowDescription seen for the open statement
    bool in_copy_out_ = false;
};

// Receives the CopyData payloads in order. A payload that fits in the receive
// buffer comes in one call. A larger one comes in several calls, one per
// piece as its bytes arrive, so the buffer never grows to hold a huge row.
// payload_end is true on the call that completes a payload. The span points
// into the receive buffer and is valid only during the call. Returning an
// error stops the copy.
using CopyDataCallback = std::function<std::error_code(Bytes piece, bool payload_end)>;

// Runs "COPY ... TO STDOUT" and hands every CopyData payload to the callback
// without copying it.
//
// The protocol has no way to stop a COPY OUT from the client side except
// closing the connection (or a CancelRequest on another one). So when the
// callback returns an error, the operation stops reading and finishes with
// that error, and the connection is unusable: connection_usable() is false.
class CopyOutOperation final : public StatementOperation {
public:
    CopyOutOperation(std::string sql, CopyDataCallback callback, ReceiveBuffer& buffer, SessionState& session,
                     Diagnostics& diagnostics)
        : StatementOperation(std::move(sql), buffer, session, diagnostics), callback_(std::move(callback)) {}

    // The CopyOutResponse of the last copy started, for its format codes.
    const CopyResponse& copy_response() const { return copy_response_; }

private:
    Step handle_message(char tag, Bytes body) override;
    bool takes_pieces(char tag) const override;
    Step handle_message_piece(char tag, Bytes piece, bool last) override;
    Step pass_to_callback(Bytes piece, bool payload_end);

    CopyDataCallback callback_;
    CopyResponse copy_response_;
    bool in_copy_ = false;
    bool copy_started_ = false;
};

}  // namespace wiredump::protocol
