#include "dumpfmt/compressor_zstd.hpp"

#include "dumpfmt/errc.hpp"

#include <string>

namespace wiredump::dumpfmt {
namespace {

std::error_code set_parameter(ZSTD_CCtx* context, ZSTD_cParameter parameter, int value, const char* name,
                              protocol::Diagnostics& diagnostics) {
    const std::size_t result = ZSTD_CCtx_setParameter(context, parameter, value);
    if (!ZSTD_isError(result)) {
        return {};
    }
    diagnostics.set_client_message(std::string("could not set zstd parameter ") + name + " to " +
                                   std::to_string(value) + ": " + ZSTD_getErrorName(result));
    return errc::compression_failed;
}

}  // namespace

ZstdCompressor::ZstdCompressor(ByteSink sink, const Compression& compression)
    : sink_(std::move(sink)), compression_(compression), output_(max_chunk_size) {}

ZstdCompressor::~ZstdCompressor() {
    ZSTD_freeCCtx(context_);
}

bool ZstdCompressor::supports_workers() {
    const ZSTD_bounds bounds = ZSTD_cParam_getBounds(ZSTD_c_nbWorkers);
    return !ZSTD_isError(bounds.error) && bounds.upperBound > 0;
}

unsigned ZstdCompressor::usable_threads(const Compression& compression) {
    return supports_workers() ? compression.threads : 1;
}

ZstdLimits ZstdCompressor::limits_for(const Compression& compression) {
    return fit_zstd_memory(compression.level, compression.long_distance, usable_threads(compression),
                           zstd_memory_budget);
}

std::string ZstdCompressor::describe_limits(const Compression& compression) {
    return describe_zstd_limits(compression.level, compression.long_distance, usable_threads(compression),
                                zstd_memory_budget, limits_for(compression));
}

std::error_code ZstdCompressor::init(protocol::Diagnostics& diagnostics) {
    context_ = ZSTD_createCCtx();
    if (context_ == nullptr) {
        diagnostics.set_client_message("could not create a zstd compression context: out of memory");
        return errc::compression_failed;
    }

    if (auto error = set_parameter(context_, ZSTD_c_compressionLevel, compression_.level, "level", diagnostics)) {
        return error;
    }
    if (compression_.long_distance) {
        if (auto error = set_parameter(context_, ZSTD_c_enableLongDistanceMatching, 1, "long", diagnostics)) {
            return error;
        }
    }

    // With nbWorkers 0 the caller's thread compresses. Any value above 0
    // moves the work to that many new threads, so one thread means 0. Each
    // worker has its own context and job buffers, so the limits may give up
    // workers, and then table and window sizes, to stay within the budget.
    const ZstdLimits limits = limits_for(compression_);
    if (auto error = set_parameter(context_, ZSTD_c_windowLog, limits.window_log, "windowLog", diagnostics)) {
        return error;
    }
    if (auto error = set_parameter(context_, ZSTD_c_chainLog, limits.chain_log, "chainLog", diagnostics)) {
        return error;
    }
    if (auto error = set_parameter(context_, ZSTD_c_hashLog, limits.hash_log, "hashLog", diagnostics)) {
        return error;
    }
    if (limits.workers > 0) {
        if (auto error = set_parameter(context_, ZSTD_c_nbWorkers, limits.workers, "workers", diagnostics)) {
            return error;
        }
        const int job_size = static_cast<int>(limits.job_size);
        if (auto error = set_parameter(context_, ZSTD_c_jobSize, job_size, "jobSize", diagnostics)) {
            return error;
        }
    }
    return {};
}

std::error_code ZstdCompressor::compress(ZSTD_inBuffer& input, ZSTD_EndDirective directive) {
    while (true) {
        ZSTD_outBuffer output{output_.data(), output_.size(), 0};
        const std::size_t remaining = ZSTD_compressStream2(context_, &output, &input, directive);
        if (ZSTD_isError(remaining)) {
            return errc::compression_failed;
        }
        if (output.pos > 0) {
            if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), output.pos))) {
                return error;
            }
        }

        // ZSTD_e_continue is done once the input is taken. ZSTD_e_end is done
        // when it returns 0: the frame is complete and fully flushed.
        const bool input_taken = input.pos == input.size;
        if (directive == ZSTD_e_continue ? input_taken : remaining == 0) {
            return {};
        }
    }
}

std::error_code ZstdCompressor::write(std::span<const std::uint8_t> input) {
    if (context_ == nullptr || finished_) {
        return errc::writer_state;
    }
    if (input.empty()) {
        return {};
    }
    ZSTD_inBuffer buffer{input.data(), input.size(), 0};
    return compress(buffer, ZSTD_e_continue);
}

std::error_code ZstdCompressor::finish() {
    if (context_ == nullptr || finished_) {
        return errc::writer_state;
    }
    finished_ = true;
    ZSTD_inBuffer empty{nullptr, 0, 0};
    return compress(empty, ZSTD_e_end);
}

}  // namespace wiredump::dumpfmt
