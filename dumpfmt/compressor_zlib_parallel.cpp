#include "dumpfmt/compressor_zlib_parallel.hpp"

#include "dumpfmt/errc.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace wiredump::dumpfmt {
namespace {

// The deflate window: the most a match can reach back, and so the useful
// dictionary size.
constexpr std::size_t window_size = 32 * 1024;

// Returns the two-byte zlib header (RFC 1950) that zlib itself writes for
// `level`, so the stream starts as a single-threaded one would.
std::array<std::uint8_t, 2> zlib_header(int level) {
    int level_flags = 2;  // zlib's default level 6, and -1
    if (level == 1 || level == 0) {
        level_flags = 0;
    } else if (level >= 2 && level <= 5) {
        level_flags = 1;
    } else if (level >= 7) {
        level_flags = 3;
    }

    const unsigned method_and_window = 0x78;  // deflate with a 32 KiB window
    unsigned flags = static_cast<unsigned>(level_flags) << 6;
    flags += 31 - (method_and_window * 256 + flags) % 31;
    return {static_cast<std::uint8_t>(method_and_window), static_cast<std::uint8_t>(flags)};
}

}  // namespace

ParallelZlibCompressor::ParallelZlibCompressor(ByteSink sink, int level, unsigned threads, std::size_t block_size)
    : ParallelZlibCompressor(std::move(sink), level, threads, DeflateEngine::zlib, block_size) {}

ParallelZlibCompressor::ParallelZlibCompressor(ByteSink sink, int level, unsigned threads, DeflateEngine engine,
                                               std::size_t block_size)
    : sink_(std::move(sink)), level_(level), engine_(engine) {
    if (block_size == 0) {
        block_size = engine == DeflateEngine::libdeflate ? default_libdeflate_block_size : default_block_size;
    }
    block_size_ = std::max(block_size, window_size);

    // The cap counts blocks of default_block_size, so larger blocks keep the
    // pool within the same bytes. Two blocks still let one be compressed
    // while the next is filled.
    const std::size_t byte_cap = max_blocks_in_flight * default_block_size / block_size_;
    const std::size_t block_cap = std::clamp<std::size_t>(byte_cap, 2, max_blocks_in_flight);
    max_jobs_in_flight_ = std::min<std::size_t>(2 * std::max(threads, 1u), block_cap);

    // A worker only ever compresses a queued block, so workers beyond the
    // number of blocks in flight would only sit idle.
    threads_ = static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1u), block_cap));

    block_.reserve(block_size_);
    staging_.reserve(max_chunk_size);
}

ParallelZlibCompressor::~ParallelZlibCompressor() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) {
        worker.join();
    }
}

void ParallelZlibCompressor::start_workers() {
    for (unsigned i = 0; i < threads_; ++i) {
        workers_.emplace_back([this] { run_worker(); });
    }
}

void ParallelZlibCompressor::run_worker() {
    const std::unique_ptr<BlockDeflater> deflater = make_block_deflater(engine_, level_);
    while (true) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
            if (stopping_) {
                return;
            }
            job = queued_.front();
            queued_.pop_front();
        }

        compress_job(*job, deflater.get());

        {
            std::lock_guard lock(mutex_);
            job->done = true;
        }
        job_done_.notify_all();
    }
}

// A null deflater is an engine that could not allocate its state: the
// job fails, and with it the member.
void ParallelZlibCompressor::compress_job(Job& job, BlockDeflater* deflater) {
    job.failed = deflater == nullptr || !deflater->deflate(job.block);

    // The input and dictionary are no longer needed, and releasing them now
    // keeps a finished block that waits for its turn at its output size.
    job.block.input = {};
    job.block.dictionary = {};
}

std::error_code ParallelZlibCompressor::flush_staging() {
    if (staging_.empty()) {
        return {};
    }
    std::error_code error = sink_(staging_);
    staging_.clear();
    return error;
}

std::error_code ParallelZlibCompressor::emit(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const std::size_t count = std::min(bytes.size(), max_chunk_size - staging_.size());
        staging_.insert(staging_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(count));
        bytes = bytes.subspan(count);
        if (staging_.size() == max_chunk_size) {
            if (auto error = flush_staging()) {
                return error;
            }
        }
    }
    return {};
}

// Writes the oldest job's output. With `wait` false, returns at once with
// no error when the oldest job is not done yet.
std::error_code ParallelZlibCompressor::emit_oldest(bool wait) {
    std::shared_ptr<Job> job;
    {
        std::unique_lock lock(mutex_);
        job = in_order_.front();
        if (wait) {
            job_done_.wait(lock, [&job] { return job->done; });
        } else if (!job->done) {
            return {};
        }
        in_order_.pop_front();
    }

    if (job->failed) {
        return errc::compression_failed;
    }
    adler_ = static_cast<std::uint32_t>(
        adler32_combine(adler_, job->block.adler, static_cast<z_off_t>(job->input_size)));
    return emit({job->block.output.get(), job->block.output_size});
}

// Writes every job at the front of the queue that is already done, so that
// output leaves memory as soon as its turn comes.
std::error_code ParallelZlibCompressor::emit_finished_jobs() {
    while (true) {
        std::size_t before = 0;
        {
            std::lock_guard lock(mutex_);
            before = in_order_.size();
            if (before == 0) {
                return {};
            }
        }
        if (auto error = emit_oldest(false)) {
            return error;
        }
        if (in_order_.size() == before) {
            return {};
        }
    }
}

// Hands the filled block to the workers. `last` marks the block that
// finish() submits: when it is also the first, the caller's thread
// compresses it and no worker starts.
std::error_code ParallelZlibCompressor::submit_block(bool last) {
    auto job = std::make_shared<Job>();
    std::vector<std::uint8_t>& input = job->block.input;
    input.swap(block_);
    job->input_size = input.size();
    if (uses_dictionary(engine_)) {
        job->block.dictionary = previous_tail_;
        const std::size_t tail = std::min(window_size, input.size());
        previous_tail_.assign(input.end() - static_cast<std::ptrdiff_t>(tail), input.end());
    }
    if (!last) {
        block_.reserve(block_size_);
    }

    if (!header_written_) {
        header_written_ = true;
        if (auto error = emit(zlib_header(level_))) {
            return error;
        }
    }

    if (last && workers_.empty()) {
        compress_job(*job, make_block_deflater(engine_, level_).get());
        job->done = true;
        std::lock_guard lock(mutex_);
        in_order_.push_back(job);
        return {};
    }
    if (workers_.empty()) {
        start_workers();
    }

    // The pool bound: the reader waits here until the oldest block is written.
    while (in_order_.size() >= max_jobs_in_flight_) {
        if (auto error = emit_oldest(true)) {
            return error;
        }
    }

    {
        std::lock_guard lock(mutex_);
        queued_.push_back(job);
        in_order_.push_back(job);
    }
    work_ready_.notify_one();
    return emit_finished_jobs();
}

std::error_code ParallelZlibCompressor::write(std::span<const std::uint8_t> input) {
    if (finished_) {
        return errc::writer_state;
    }
    while (!input.empty()) {
        // A full block goes to the pool only once more input follows, so that
        // a member of exactly one block is still compressed without threads.
        if (block_.size() == block_size_) {
            if (auto error = submit_block(false)) {
                return error;
            }
        }

        const std::size_t count = std::min(input.size(), block_size_ - block_.size());
        block_.insert(block_.end(), input.begin(), input.begin() + static_cast<std::ptrdiff_t>(count));
        input = input.subspan(count);
    }
    return {};
}

std::error_code ParallelZlibCompressor::finish() {
    if (finished_) {
        return errc::writer_state;
    }
    finished_ = true;

    if (!block_.empty()) {
        if (auto error = submit_block(true)) {
            return error;
        }
    }
    if (!header_written_) {
        header_written_ = true;
        if (auto error = emit(zlib_header(level_))) {
            return error;
        }
    }
    while (!in_order_.empty()) {
        if (auto error = emit_oldest(true)) {
            return error;
        }
    }

    // An empty final block with fixed Huffman codes (the bits 1, 01 and the
    // end-of-block code 0000000) ends the deflate data, then the Adler-32
    // follows in big-endian order.
    const std::array<std::uint8_t, 6> trailer{
        0x03, 0x00,
        static_cast<std::uint8_t>(adler_ >> 24), static_cast<std::uint8_t>(adler_ >> 16),
        static_cast<std::uint8_t>(adler_ >> 8), static_cast<std::uint8_t>(adler_),
    };
    if (auto error = emit(trailer)) {
        return error;
    }
    return flush_staging();
}

}  // namespace wiredump::dumpfmt
