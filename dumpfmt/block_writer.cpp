#include "dumpfmt/block_writer.hpp"

#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"

#include <array>
#include <climits>
#include <vector>

namespace wiredump::dumpfmt {

DataBlockWriter::DataBlockWriter(ByteSink sink, Compression compression)
    : sink_(std::move(sink)), compression_(compression) {}

std::error_code DataBlockWriter::emit(std::span<const std::uint8_t> bytes) {
    if (auto error = sink_(bytes)) {
        return error;
    }
    bytes_written_ += bytes.size();
    return {};
}

std::error_code DataBlockWriter::emit_int(std::int32_t value) {
    return emit(encode_int(value));
}

std::error_code DataBlockWriter::emit_chunk(std::span<const std::uint8_t> chunk) {
    // A zero length ends the member, so an empty piece must never become a chunk.
    if (chunk.empty()) {
        return {};
    }
    if (auto error = emit_int(static_cast<std::int32_t>(chunk.size()))) {
        return error;
    }
    return emit(chunk);
}

std::error_code DataBlockWriter::start_member(protocol::Diagnostics& diagnostics) {
    auto chunk_sink = [this](std::span<const std::uint8_t> piece) { return emit_chunk(piece); };
    return make_stream_compressor(compression_, chunk_sink, compressor_, diagnostics);
}

std::error_code DataBlockWriter::end_member() {
    if (!compressor_) {
        return errc::writer_state;
    }
    std::error_code error = compressor_->finish();
    compressor_.reset();
    if (error) {
        return error;
    }
    return emit_int(0);
}

std::error_code DataBlockWriter::begin(int dump_id, protocol::Diagnostics& diagnostics) {
    if (in_block_) {
        diagnostics.set_client_message("data block for dump id " + std::to_string(dump_id) +
                                       " begun before the previous block was finished");
        return errc::writer_state;
    }
    if (dump_id < 1) {
        diagnostics.set_client_message("cannot write a data block for dump id " + std::to_string(dump_id) +
                                       ", but dump ids must be 1 or above");
        return errc::invalid_argument;
    }

    if (auto error = start_member(diagnostics)) {
        return error;
    }
    const std::array<std::uint8_t, 1> type{static_cast<std::uint8_t>(BlockType::data)};
    if (auto error = emit(type)) {
        return error;
    }
    if (auto error = emit_int(dump_id)) {
        return error;
    }
    in_block_ = true;
    return {};
}

std::error_code DataBlockWriter::write(std::span<const std::uint8_t> data) {
    if (!in_block_ || !compressor_) {
        return errc::writer_state;
    }
    return compressor_->write(data);
}

std::error_code DataBlockWriter::finish() {
    if (!in_block_) {
        return errc::writer_state;
    }
    in_block_ = false;
    return end_member();
}

BlobsBlockWriter::BlobsBlockWriter(ByteSink sink, Compression compression)
    : blocks_(std::move(sink), compression) {}

std::error_code BlobsBlockWriter::begin(int dump_id, protocol::Diagnostics& diagnostics) {
    if (in_block_) {
        diagnostics.set_client_message("BLOBS block for dump id " + std::to_string(dump_id) +
                                       " begun before the previous block was finished");
        return errc::writer_state;
    }
    if (dump_id < 1) {
        diagnostics.set_client_message("cannot write a BLOBS block for dump id " + std::to_string(dump_id) +
                                       ", but dump ids must be 1 or above");
        return errc::invalid_argument;
    }

    const std::array<std::uint8_t, 1> type{static_cast<std::uint8_t>(BlockType::blobs)};
    if (auto error = blocks_.emit(type)) {
        return error;
    }
    if (auto error = blocks_.emit_int(dump_id)) {
        return error;
    }
    in_block_ = true;
    return {};
}

std::error_code BlobsBlockWriter::begin_large_object(std::uint32_t oid, protocol::Diagnostics& diagnostics) {
    if (!in_block_ || in_large_object_) {
        diagnostics.set_client_message("large object " + std::to_string(oid) +
                                       " begun outside a BLOBS block or inside another large object");
        return errc::writer_state;
    }
    if (oid == 0) {
        diagnostics.set_client_message("cannot write large object OID 0: OID 0 ends the BLOBS block");
        return errc::invalid_argument;
    }

    if (auto error = blocks_.start_member(diagnostics)) {
        return error;
    }
    std::vector<std::uint8_t> encoded;
    append_oid(encoded, oid);
    if (auto error = blocks_.emit(encoded)) {
        return error;
    }
    in_large_object_ = true;
    return {};
}

std::error_code BlobsBlockWriter::write(std::span<const std::uint8_t> data) {
    if (!in_large_object_ || !blocks_.compressor_) {
        return errc::writer_state;
    }
    return blocks_.compressor_->write(data);
}

std::error_code BlobsBlockWriter::end_large_object() {
    if (!in_large_object_) {
        return errc::writer_state;
    }
    in_large_object_ = false;
    return blocks_.end_member();
}

std::error_code BlobsBlockWriter::finish() {
    if (!in_block_ || in_large_object_) {
        return errc::writer_state;
    }
    in_block_ = false;
    return blocks_.emit_int(0);
}

}  // namespace wiredump::dumpfmt
