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

// A raw deflate stream that lives as long as its thread. Resetting it for each
// block, rather than creating it anew, spares the allocation and first-touch
// page faults of its tables (about 256 KiB at memLevel 8) for every block.
class Deflater {
public:
    explicit Deflater(int level) {
        ready_ = deflateInit2(&stream_, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Deflater() {
        if (ready_) deflateEnd(&stream_);
    }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    // Returns the stream, reset to the start of a new block, or nullptr when
    // zlib could not allocate it.
    z_stream* fresh_stream() {
        if (!ready_ || deflateReset(&stream_) != Z_OK) return nullptr;
        return &stream_;
    }

private:
    z_stream stream_{};
    bool ready_ = false;
};

ParallelZlibCompressor::ParallelZlibCompressor(ByteSink sink, int level, unsigned threads, std::size_t block_size)
    : sink_(std::move(sink)),
      level_(level),
      // A worker only ever compresses a queued block, so workers beyond the
      // number of blocks in flight would only sit idle.
      threads_(std::min(std::max(threads, 1u), static_cast<unsigned>(max_blocks_in_flight))),
      block_size_(std::max(block_size, window_size)),
      max_jobs_in_flight_(std::min<std::size_t>(2 * std::max(threads, 1u), max_blocks_in_flight)) {
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
    Deflater deflater(level_);
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

        compress_job(*job, deflater);

        {
            std::lock_guard lock(mutex_);
            job->done = true;
        }
        job_done_.notify_all();
    }
}

void ParallelZlibCompressor::compress_job(Job& job, Deflater& deflater) {
    job.adler = static_cast<std::uint32_t>(adler32(1, job.input.data(), static_cast<uInt>(job.input.size())));

    // Raw deflate: the calling thread writes the one zlib header and trailer
    // for the whole member.
    z_stream* stream = deflater.fresh_stream();
    if (stream == nullptr) {
        job.failed = true;
        return;
    }
    if (!job.dictionary.empty() &&
        deflateSetDictionary(stream, job.dictionary.data(), static_cast<uInt>(job.dictionary.size())) != Z_OK) {
        job.failed = true;
        return;
    }

    // The sync flush ends the block on a byte boundary without marking it
    // final, so the next block's output can follow directly. The output
    // buffer is larger than deflateBound plus the flush marker, so one call
    // consumes all input, and avail_out == 0 would mean that did not happen.
    // It starts uninitialized because only the bytes deflate writes are kept.
    const std::size_t capacity = deflateBound(stream, static_cast<uLong>(job.input.size())) + 16;
    job.output = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
    stream->next_in = job.input.data();
    stream->avail_in = static_cast<uInt>(job.input.size());
    stream->next_out = job.output.get();
    stream->avail_out = static_cast<uInt>(capacity);
    const int result = deflate(stream, Z_SYNC_FLUSH);
    if ((result != Z_OK && result != Z_BUF_ERROR) || stream->avail_in != 0 || stream->avail_out == 0) {
        job.failed = true;
    }
    job.output_size = capacity - stream->avail_out;

    // The input and dictionary are no longer needed, and releasing them now
    // keeps a finished block that waits for its turn at its output size.
    job.input = {};
    job.dictionary = {};
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
        adler32_combine(adler_, job->adler, static_cast<z_off_t>(job->input_size)));
    return emit({job->output.get(), job->output_size});
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
    job->input.swap(block_);
    job->input_size = job->input.size();
    job->dictionary = previous_tail_;

    const std::size_t tail = std::min(window_size, job->input.size());
    previous_tail_.assign(job->input.end() - static_cast<std::ptrdiff_t>(tail), job->input.end());
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
        Deflater deflater(level_);
        compress_job(*job, deflater);
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
