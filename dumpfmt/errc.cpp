#include "dumpfmt/errc.hpp"

#include <string>

namespace wiredump::dumpfmt {
namespace {

class DumpfmtCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.dumpfmt"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::truncated:
            return "the archive ends early, so the file is incomplete: make the dump again or use another copy";
        case errc::invalid_magic:
            return "the file is not a custom-format archive (it does not start with PGDMP)";
        case errc::unsupported_version:
            return "the archive version is not supported (wiredump reads 1.12 to 1.16)";
        case errc::invalid_integer_size:
            return "the archive header has an invalid integer size";
        case errc::invalid_offset_size:
            return "the archive header has an invalid offset size";
        case errc::unsupported_format:
            return "the archive is not in the custom format (format byte is not 1)";
        case errc::integer_out_of_range:
            return "an integer in the archive does not fit in 32 bits, so the archive is corrupt: make the dump again";
        case errc::invalid_offset_flag:
            return "a data offset in the archive has an invalid flag, so the TOC is corrupt: make the dump again";
        case errc::offset_out_of_range:
            return "a data offset in the archive is larger than 64 bits, so the TOC is corrupt: make the dump again";
        case errc::dump_id_out_of_range:
            return "a TOC entry has a dump id below 1, so the TOC is corrupt: make the dump again";
        case errc::invalid_number_text:
            return "a TOC field that must contain a decimal number contains other text, so the TOC is corrupt: make the dump again";
        case errc::invalid_chunk_length:
            return "a data chunk has a negative length, so the data area is corrupt: make the dump again";
        case errc::unknown_block_type:
            return "a data block has an unknown type, so the data area is corrupt: make the dump again";
        case errc::trailing_bytes_in_stream:
            return "a data member has bytes after the end of its compressed stream, and pg_restore hangs on such zlib data: make the dump again";
        case errc::incomplete_stream:
            return "a data member's compressed stream has no end, so the data is truncated: make the dump again";
        case errc::decompression_failed:
            return "decompression of a data member failed, so the data is corrupt: make the dump again";
        case errc::data_block_mismatch:
            return "the TOC data offsets and the data blocks disagree, so the archive is corrupt: make the dump again";
        case errc::invalid_argument:
            return "a value cannot be stored in a custom-format archive";
        case errc::unsupported_compression:
            return "the compression method is not supported by this build of wiredump";
        case errc::compression_failed:
            return "zlib failed while compressing data";
        case errc::writer_state:
            return "internal error: archive writer calls were made out of order";
        }
        return "unknown dumpfmt error " + std::to_string(value);
    }
};

}  // namespace

const std::error_category& dumpfmt_category() {
    static const DumpfmtCategory category;
    return category;
}

}  // namespace wiredump::dumpfmt
