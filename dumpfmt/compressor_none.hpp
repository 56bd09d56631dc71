#pragma once

#include "dumpfmt/stream_compressor.hpp"

#include <vector>

namespace wiredump::dumpfmt {

// Passes the data through unchanged, gathered into chunks of max_chunk_size
// bytes, so that many short writes (one per COPY row) do not each cost a chunk
// header.
class NoneCompressor final : public StreamCompressor {
public:
    explicit NoneCompressor(ByteSink sink);

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

private:
    std::error_code flush();

    ByteSink sink_;
    std::vector<std::uint8_t> buffer_;
};

}  // namespace wiredump::dumpfmt
