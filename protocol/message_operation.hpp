#pragma once

#include "protocol/backend_message.hpp"
#include "protocol/diagnostics.hpp"
#include "protocol/next_action.hpp"
#include "protocol/receive_buffer.hpp"
#include "protocol/session_state.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

// The shared loop of every operation: send the first message, then frame
// backend messages from the receive buffer one at a time and hand each to the
// subclass, reading more bytes when a message is incomplete. ParameterStatus,
// NoticeResponse and NotificationResponse can arrive at any point, so the
// loop handles them itself.
//
// A subclass may take a message that does not fit in the receive buffer in
// pieces, as its bytes arrive (takes_pieces() and handle_message_piece()), so
// a CopyData row of hundreds of megabytes never has to be held whole.
//
// Call resume({}, 0) first. After each action, call resume() with its
// outcome until the action is done. Once done, connection_usable() returns
// whether the server is waiting for the next query, which is the case when
// the operation ended at ReadyForQuery or before anything was sent.
class MessageOperation {
public:
    MessageOperation(ReceiveBuffer& buffer, SessionState& session, Diagnostics& diagnostics)
        : buffer_(buffer), session_(session), diagnostics_(diagnostics) {}
    virtual ~MessageOperation() = default;
    MessageOperation(const MessageOperation&) = delete;
    MessageOperation& operator=(const MessageOperation&) = delete;

    NextAction resume(std::error_code io_error, std::size_t bytes_transferred);

    bool connection_usable() const { return connection_usable_; }

protected:
    enum class StepKind { keep_reading, write, finish };

    // The next step after a message: read the next one, write
    // write_buffer() and then read on, or finish with an error code.
    struct Step {
        StepKind kind = StepKind::keep_reading;
        std::error_code error;
    };

    static Step keep_reading() { return {}; }
    static Step write_then_read() { return {StepKind::write, {}}; }

    // Finishes after ReadyForQuery, so the connection can run another query.
    Step finish_usable(std::error_code error) {
        connection_usable_ = true;
        return {StepKind::finish, error};
    }

    // Finishes with the connection in an unknown state, storing message as
    // the client text in diagnostics.
    Step fail(std::error_code error, std::string message) {
        diagnostics_.set_client_message(std::move(message));
        return {StepKind::finish, error};
    }

    // Fails with errc::unexpected_message, naming the message and the phase.
    Step fail_unexpected(char tag, std::string_view phase);

    // Fails on a message body that did not parse, naming the message.
    Step fail_parse(char tag, std::error_code error);

    // Builds the first message into write_buffer() and returns the first step.
    virtual Step start() = 0;

    // Handles one complete message. body stays valid only during the call.
    virtual Step handle_message(char tag, Bytes body) = 0;

    // Returns true when a message with this tag, in the current state, may
    // go to handle_message_piece() instead of handle_message(). The loop calls
    // it only for a message larger than the receive buffer's capacity.
    virtual bool takes_pieces(char /*tag*/) const { return false; }

    // Handles the next piece of the body of a message that takes_pieces()
    // accepted. Pieces arrive in order, are never empty, and together form
    // the whole body. last is true on the piece that ends it. The piece
    // points into the receive buffer and stays valid only during the call.
    virtual Step handle_message_piece(char tag, Bytes /*piece*/, bool /*last*/) {
        return fail_unexpected(tag, "in pieces, which this operation does not accept");
    }

    std::vector<std::uint8_t>& write_buffer() { return write_buffer_; }
    SessionState& session() { return session_; }
    Diagnostics& diagnostics() { return diagnostics_; }

private:
    enum class Waiting { nothing, read, write, finished };

    NextAction run_step(Step step);
    NextAction read_messages();
    NextAction read_message_piece();
    std::error_code handle_asynchronous_message(char tag, Bytes body, bool& handled);

    ReceiveBuffer& buffer_;
    SessionState& session_;
    Diagnostics& diagnostics_;
    std::vector<std::uint8_t> write_buffer_;
    Waiting waiting_ = Waiting::nothing;
    char piece_tag_ = 0;                   // tag of the message taken in pieces
    std::size_t piece_bytes_left_ = 0;     // its body bytes not yet handed over
    bool connection_usable_ = false;
};

}  // namespace wiredump::protocol
