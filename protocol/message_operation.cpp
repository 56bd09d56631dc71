#include "protocol/message_operation.hpp"

#include "protocol/errc.hpp"

#include <algorithm>

namespace wiredump::protocol {
namespace {

// The minimum free space offered to each read. A larger message grows the
// buffer only as its bytes arrive, so a corrupt length word cannot make the
// client reserve gigabytes up front.
constexpr std::size_t read_chunk_size = 16 * 1024;

std::string name_message(char tag) {
    const std::string_view name = backend_message_name(tag);
    if (name.empty()) return "message of type " + describe_tag(tag);
    return std::string(name) + " message (type " + describe_tag(tag) + ")";
}

}  // namespace

NextAction MessageOperation::resume(std::error_code io_error, std::size_t bytes_transferred) {
    switch (waiting_) {
    case Waiting::nothing:
        return run_step(start());

    case Waiting::write:
        if (io_error) return run_step(fail(io_error, "could not send data to the server: " + io_error.message()));
        write_buffer_.clear();
        return read_messages();

    case Waiting::read:
        if (io_error) {
            return run_step(fail(io_error, "could not receive data from the server: " + io_error.message()));
        }
        if (bytes_transferred == 0) {
            return run_step(fail(errc::connection_closed,
                                 "the server closed the connection unexpectedly; it may have terminated "
                                 "abnormally before or while processing the request"));
        }
        buffer_.commit(bytes_transferred);
        return read_messages();

    case Waiting::finished:
        break;
    }
    return NextAction::done(errc::operation_out_of_order);
}

NextAction MessageOperation::run_step(Step step) {
    switch (step.kind) {
    case StepKind::keep_reading:
        return read_messages();
    case StepKind::write:
        waiting_ = Waiting::write;
        return NextAction::write(write_buffer_);
    case StepKind::finish:
        break;
    }
    waiting_ = Waiting::finished;
    return NextAction::done(step.error);
}

// Hands the received bytes of the message being taken in pieces to the
// subclass, then reads on.
NextAction MessageOperation::read_message_piece() {
    while (piece_bytes_left_ > 0) {
        const Bytes received = buffer_.data();
        if (received.empty()) {
            // Asking for one byte never grows the empty buffer, and the read
            // may still fill all of it.
            waiting_ = Waiting::read;
            return NextAction::read(buffer_.prepare(1));
        }

        const std::size_t count = std::min(received.size(), piece_bytes_left_);
        piece_bytes_left_ -= count;
        const Step step = handle_message_piece(piece_tag_, received.first(count), piece_bytes_left_ == 0);
        buffer_.consume(count);
        if (step.kind != StepKind::keep_reading) {
            piece_bytes_left_ = 0;
            return run_step(step);
        }
    }
    return read_messages();
}

NextAction MessageOperation::read_messages() {
    if (piece_bytes_left_ > 0) return read_message_piece();

    for (;;) {
        const FrameResult frame = parse_frame(buffer_.data());

        // A message larger than the buffer would make the buffer grow to its
        // size, so a subclass that can take it in pieces gets it that way.
        // Only the header leaves the buffer here, and the body follows as it
        // arrives.
        if (frame.status == FrameStatus::need_more_bytes && frame.total_length > buffer_.capacity() &&
            takes_pieces(frame.tag)) {
            buffer_.consume(message_header_size);
            piece_tag_ = frame.tag;
            piece_bytes_left_ = frame.total_length - message_header_size;
            return read_message_piece();
        }

        if (frame.status == FrameStatus::need_more_bytes) {
            const std::size_t have = buffer_.data().size();
            const std::size_t missing = frame.total_length > have ? frame.total_length - have : 1;
            waiting_ = Waiting::read;
            return NextAction::read(buffer_.prepare(std::min(missing, read_chunk_size)));
        }

        if (frame.status == FrameStatus::invalid) {
            if (frame.error == errc::invalid_length) {
                return run_step(fail(frame.error, "the server sent a " + name_message(frame.tag) +
                                                      " with invalid length " + std::to_string(frame.length_word) +
                                                      "; the connection is not speaking the PostgreSQL protocol"));
            }
            return run_step(fail(frame.error, "the server sent a message of unknown type " + describe_tag(frame.tag) +
                                                  "; the connection is not speaking the PostgreSQL protocol"));
        }

        bool handled = false;
        Step step;
        if (const auto error = handle_asynchronous_message(frame.tag, frame.body, handled)) {
            step = fail_parse(frame.tag, error);
        } else if (!handled) {
            step = handle_message(frame.tag, frame.body);
        }
        buffer_.consume(frame.total_length);

        if (step.kind != StepKind::keep_reading) return run_step(step);
    }
}

std::error_code MessageOperation::handle_asynchronous_message(char tag, Bytes body, bool& handled) {
    handled = true;
    switch (tag) {
    case backend_tag::parameter_status: {
        ParameterStatus status;
        if (const auto error = parse_parameter_status(body, status)) return error;
        session_.parameters.insert_or_assign(std::string(status.name), std::string(status.value));
        return {};
    }
    case backend_tag::notice_response: {
        ServerError notice;
        if (const auto error = parse_notice_response(body, notice)) return error;
        if (session_.notice_callback) session_.notice_callback(notice);
        return {};
    }
    case backend_tag::notification_response: {
        // LISTEN is never issued by wiredump, so a notification has no reader.
        NotificationResponse notification;
        return parse_notification_response(body, notification);
    }
    default:
        handled = false;
        return {};
    }
}

MessageOperation::Step MessageOperation::fail_unexpected(char tag, std::string_view phase) {
    return fail(errc::unexpected_message,
                "the server sent an unexpected " + name_message(tag) + " " + std::string(phase));
}

MessageOperation::Step MessageOperation::fail_parse(char tag, std::error_code error) {
    return fail(error, "the server sent an invalid " + name_message(tag) + ": " + error.message());
}

}  // namespace wiredump::protocol
