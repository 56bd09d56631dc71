#pragma once

#include <system_error>

namespace wiredump::dumpfmt {

// Failures detected while writing or reading a custom-format archive. For
// reading errors, the protocol::Diagnostics client message names the byte
// offset and the field. Writer call-order errors may come without a message.
enum class errc {
    // Reading.
    truncated = 1,               // the bytes end inside a field or a data stream
    invalid_magic,               // the file does not start with "PGDMP"
    unsupported_version,         // an archive version outside 1.12 .. 1.16.255
    invalid_integer_size,        // header intSize of 0 or above 32
    invalid_offset_size,         // header offSize of 0 or above 32
    unsupported_format,          // the format byte is not 1 (custom format)
    integer_out_of_range,        // an integer whose magnitude does not fit in 32 bits
    invalid_offset_flag,         // a data offset flag other than 1, 2 or 3
    offset_out_of_range,         // a data offset larger than 64 bits
    dump_id_out_of_range,        // a TOC dump id below 1
    invalid_number_text,         // an OID or dependency string that is not decimal
    invalid_chunk_length,        // a negative chunk length
    unknown_block_type,          // a data block type other than 1 or 3
    trailing_bytes_in_stream,    // bytes after the end of a zlib stream or zstd frame in one member
    incomplete_stream,           // a member whose zlib stream or zstd frame has no end
    decompression_failed,        // zlib or zstd rejected the data
    data_block_mismatch,         // a TOC data offset and the data blocks disagree

    // Writing.
    invalid_argument,            // a value the archive format cannot store
    unsupported_compression,     // an algorithm this build cannot write or read
    compression_failed,          // zlib reported an error while compressing
    writer_state,                // a writer call out of order (write after finish, ...)
};

const std::error_category& dumpfmt_category();

inline std::error_code make_error_code(errc value) {
    return {static_cast<int>(value), dumpfmt_category()};
}

}  // namespace wiredump::dumpfmt

template <>
struct std::is_error_code_enum<wiredump::dumpfmt::errc> : std::true_type {};
