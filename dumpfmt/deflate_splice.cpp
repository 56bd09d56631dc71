#include "dumpfmt/deflate_splice.hpp"

#include <algorithm>
#include <array>

namespace wiredump::dumpfmt {
namespace {

// The bits of z_stream::data_type after inflate() with Z_BLOCK (zlib.h).
constexpr int unused_bits_mask = 63;
constexpr int in_last_block = 64;
constexpr int at_block_boundary = 128;

// Returns the position of the bit that inflate reads next. The unused bits
// in inflate's bit buffer belong to the last byte it consumed.
std::size_t next_bit(const z_stream& stream) {
    return static_cast<std::size_t>(stream.total_in) * 8 -
           static_cast<std::size_t>(stream.data_type & unused_bits_mask);
}

}  // namespace

DeflateSplicer::DeflateSplicer() : discarded_output_(std::make_unique_for_overwrite<std::uint8_t[]>(discarded_size)) {
    ready_ = inflateInit2(&inflater_, -15) == Z_OK;
}

DeflateSplicer::~DeflateSplicer() {
    if (ready_) inflateEnd(&inflater_);
}

std::optional<DeflateSplicer::FinalBlock> DeflateSplicer::locate_final_block(const std::uint8_t* data,
                                                                              std::size_t size,
                                                                              std::size_t decoded_size) {
    if (!ready_ || inflateReset(&inflater_) != Z_OK) {
        return std::nullopt;
    }
    inflater_.next_in = const_cast<std::uint8_t*>(data);
    inflater_.avail_in = static_cast<uInt>(size);

    // Each stop at a boundary before the final block's header is where the
    // next block starts, so the last such stop (or bit 0) is the final
    // block's header. The stop after the final block gives its end. Its end
    // cannot be read once inflate returns Z_STREAM_END, because inflate has
    // dropped the padding bits by then.
    FinalBlock final_block;
    bool final_block_ended = false;
    while (true) {
        inflater_.next_out = discarded_output_.get();
        inflater_.avail_out = static_cast<uInt>(discarded_size);
        const int result = inflate(&inflater_, Z_BLOCK);
        if (result == Z_STREAM_END) {
            break;
        }
        // Z_BUF_ERROR here means the input ended before the final block did.
        if (result != Z_OK) {
            return std::nullopt;
        }
        if ((inflater_.data_type & at_block_boundary) == 0) {
            continue;
        }
        if ((inflater_.data_type & in_last_block) == 0) {
            final_block.header_bit = next_bit(inflater_);
        } else {
            final_block.end_bit = next_bit(inflater_);
            final_block_ended = true;
        }
    }

    if (!final_block_ended || inflater_.total_out != decoded_size || (final_block.end_bit + 7) / 8 != size) {
        return std::nullopt;
    }
    return final_block;
}

std::optional<std::size_t> DeflateSplicer::make_joinable(std::uint8_t* data, std::size_t size,
                                                         std::size_t decoded_size) {
    const auto final_block = locate_final_block(data, size, decoded_size);
    if (!final_block) {
        return std::nullopt;
    }

    // BFINAL is the first header bit, and deflate fills each byte from its
    // lowest bit.
    const std::size_t header = final_block->header_bit;
    data[header / 8] = static_cast<std::uint8_t>(data[header / 8] & ~(1u << (header % 8)));

    // The empty stored block: its three header bits (not final, type 00) and
    // the padding up to a byte are zero, so clear everything after the
    // end-of-block code, then add the lengths 0 and its complement.
    const std::size_t end = final_block->end_bit;
    if (end % 8 != 0) {
        data[end / 8] = static_cast<std::uint8_t>(data[end / 8] & ((1u << (end % 8)) - 1));
    }
    const std::size_t aligned = (end + 3 + 7) / 8;
    if (aligned > size) {
        data[size] = 0;
    }
    const std::array<std::uint8_t, 4> lengths{0x00, 0x00, 0xff, 0xff};
    std::copy(lengths.begin(), lengths.end(), data + aligned);
    return aligned + lengths.size();
}

}  // namespace wiredump::dumpfmt
