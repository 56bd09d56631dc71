#include "dumpfmt/archive_writer.hpp"

#include "dumpfmt/errc.hpp"
#include "dumpfmt/toc.hpp"

namespace wiredump::dumpfmt {

ArchiveWriter::ArchiveWriter(ByteSink sink, ArchiveHeader header, std::vector<TocEntry> entries)
    : sink_(std::move(sink)),
      header_(std::move(header)),
      entries_(std::move(entries)),
      positions_(entries_.size()),
      data_writer_([this](std::span<const std::uint8_t> bytes) { return emit(bytes); }, header_.compression),
      blobs_writer_([this](std::span<const std::uint8_t> bytes) { return emit(bytes); }, header_.compression) {}

std::error_code ArchiveWriter::emit(std::span<const std::uint8_t> bytes) {
    if (auto error = sink_(bytes)) {
        return error;
    }
    bytes_written_ += bytes.size();
    return {};
}

std::error_code ArchiveWriter::write_head(protocol::Diagnostics& diagnostics) {
    if (head_written_) {
        diagnostics.set_client_message("the archive header was already written");
        return errc::writer_state;
    }

    std::vector<std::uint8_t> head;
    if (auto error = append_header(head, header_, diagnostics)) {
        return error;
    }
    const std::size_t toc_start = head.size();
    if (auto error = append_toc(head, header_.version, entries_, {}, diagnostics)) {
        return error;
    }

    toc_offset_ = bytes_written_ + toc_start;
    if (auto error = emit(head)) {
        return error;
    }
    head_written_ = true;
    return {};
}

std::error_code ArchiveWriter::start_block(int dump_id, bool blobs, protocol::Diagnostics& diagnostics) {
    if (!head_written_ || open_ != Open::none) {
        diagnostics.set_client_message("data block for dump id " + std::to_string(dump_id) +
                                       " begun before the header or inside another block");
        return errc::writer_state;
    }

    // The search starts after the previous block's entry, so blocks stay in
    // TOC order and no entry gets two blocks.
    std::size_t index = next_entry_;
    while (index < entries_.size() && entries_[index].dump_id != dump_id) {
        ++index;
    }
    if (index == entries_.size() || !entries_[index].has_data) {
        diagnostics.set_client_message("no TOC entry with data and dump id " + std::to_string(dump_id) +
                                       " follows the previous block: write blocks once each, in TOC order");
        return errc::writer_state;
    }

    const std::uint64_t position = bytes_written_;
    const std::error_code error = blobs ? blobs_writer_.begin(dump_id, diagnostics)
                                        : data_writer_.begin(dump_id, diagnostics);
    if (error) {
        return error;
    }

    positions_[index] = position;
    next_entry_ = index + 1;
    open_ = blobs ? Open::blobs : Open::data;
    return {};
}

std::error_code ArchiveWriter::begin_data(int dump_id, protocol::Diagnostics& diagnostics) {
    return start_block(dump_id, false, diagnostics);
}

std::error_code ArchiveWriter::write_data(std::span<const std::uint8_t> data) {
    if (open_ == Open::data) {
        return data_writer_.write(data);
    }
    if (open_ == Open::blobs) {
        return blobs_writer_.write(data);
    }
    return errc::writer_state;
}

std::error_code ArchiveWriter::end_data() {
    if (open_ != Open::data) {
        return errc::writer_state;
    }
    open_ = Open::none;
    return data_writer_.finish();
}

std::error_code ArchiveWriter::begin_blobs(int dump_id, protocol::Diagnostics& diagnostics) {
    return start_block(dump_id, true, diagnostics);
}

std::error_code ArchiveWriter::begin_large_object(std::uint32_t oid, protocol::Diagnostics& diagnostics) {
    if (open_ != Open::blobs) {
        diagnostics.set_client_message("large object " + std::to_string(oid) + " begun outside a BLOBS block");
        return errc::writer_state;
    }
    return blobs_writer_.begin_large_object(oid, diagnostics);
}

std::error_code ArchiveWriter::end_large_object() {
    if (open_ != Open::blobs) {
        return errc::writer_state;
    }
    return blobs_writer_.end_large_object();
}

std::error_code ArchiveWriter::end_blobs() {
    if (open_ != Open::blobs) {
        return errc::writer_state;
    }
    open_ = Open::none;
    return blobs_writer_.finish();
}

std::error_code ArchiveWriter::final_toc(std::vector<std::uint8_t>& out, protocol::Diagnostics& diagnostics) const {
    if (!head_written_ || open_ != Open::none) {
        diagnostics.set_client_message("the final TOC was requested before the header or inside a block");
        return errc::writer_state;
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].has_data && !positions_[i]) {
            diagnostics.set_client_message("TOC entry " + std::to_string(entries_[i].dump_id) + " (" +
                                           entries_[i].desc + " " + entries_[i].tag +
                                           ") has data but no data block was written for it");
            return errc::writer_state;
        }
    }
    return append_toc(out, header_.version, entries_, positions_, diagnostics);
}

}  // namespace wiredump::dumpfmt
