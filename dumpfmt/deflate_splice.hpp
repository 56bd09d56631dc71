#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include <zlib.h>

namespace wiredump::dumpfmt {

// The maximum number of bytes that DeflateSplicer::make_joinable adds: one byte for the
// stored block's header bits and padding, then its four length bytes.
inline constexpr std::size_t splice_extra_bytes = 5;

// Makes a complete raw deflate stream joinable, so that another one can
// follow it in the same zlib stream. libdeflate, which compresses each block
// on its own, always ends its output with a final block (BFINAL set); a
// reader would stop there. The splicer clears that bit and appends an empty
// stored block after the last end-of-block code, the same 4 or 5 bytes a zlib
// sync flush writes, so the stream ends on a byte boundary inside an
// unfinished deflate stream.
//
// It finds the final block by inflating the data with zlib and stopping at
// each block boundary. On 10 MB of mixed COPY text that took about a sixth of
// libdeflate's level 6 compression time (3 ms per 1 MiB block). One splicer
// is reused for many blocks on one thread.
class DeflateSplicer {
public:
    DeflateSplicer();
    ~DeflateSplicer();
    DeflateSplicer(const DeflateSplicer&) = delete;
    DeflateSplicer& operator=(const DeflateSplicer&) = delete;

    // `data` contains `size` bytes of raw deflate data, with room for
    // splice_extra_bytes more after them. Returns the new size, or nothing
    // when the data is not exactly one complete deflate stream that inflates
    // to `decoded_size` bytes (or when zlib could not allocate its state).
    std::optional<std::size_t> make_joinable(std::uint8_t* data, std::size_t size, std::size_t decoded_size);

private:
    struct FinalBlock {
        std::size_t header_bit = 0;  // where the final block's header starts
        std::size_t end_bit = 0;     // just after its end-of-block code
    };

    std::optional<FinalBlock> locate_final_block(const std::uint8_t* data, std::size_t size,
                                                 std::size_t decoded_size);

    // inflate() output, thrown away: only the block boundaries matter. Its
    // size is the window inflate keeps on its own anyway.
    static constexpr std::size_t discarded_size = 32 * 1024;
    std::unique_ptr<std::uint8_t[]> discarded_output_;

    z_stream inflater_{};
    bool ready_ = false;
};

}  // namespace wiredump::dumpfmt
