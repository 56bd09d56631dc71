#pragma once

#include "pipeline/archive_output.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace wiredump::pipeline {

// An ArchiveOutput that writes to another one on its own thread, so the COPY
// reader and the compressors go on while the disk is busy.
//
// Buffers: write() copies bytes into the buffer being filled, which only the
// caller's thread touches. A full buffer goes to the writer thread, which
// passes the buffers to the inner output in order and returns each one to the
// free list. There are buffer_count buffers in all. When every other buffer
// waits for the disk, write() waits for one to come back, so a slow disk slows
// the reader down instead of growing memory: at most
// buffer_count * buffer_size bytes are buffered.
//
// Errors: the first failed write of the inner output is returned by every
// later write(), overwrite() and commit(), and the writer thread drops the
// bytes that follow it. overwrite() and commit() first wait until everything
// written before them has reached the inner output.
class BackgroundOutput final : public ArchiveOutput {
public:
    // 8 buffers of 256 KiB hold 2 MiB. NOTE: an untuned estimate, meant to
    // ride out short stalls of the disk at little cost to the memory bound.
    static constexpr std::size_t default_buffer_size = 256 * 1024;
    static constexpr std::size_t default_buffer_count = 8;

    explicit BackgroundOutput(std::unique_ptr<ArchiveOutput> inner, std::size_t buffer_size = default_buffer_size,
                              std::size_t buffer_count = default_buffer_count);
    ~BackgroundOutput() override;

    BackgroundOutput(const BackgroundOutput&) = delete;
    BackgroundOutput& operator=(const BackgroundOutput&) = delete;

    std::error_code write(std::span<const std::uint8_t> bytes) override;
    std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) override;
    bool seekable() const override { return inner_->seekable(); }
    // Bytes accepted by write(), written to the inner output or not yet.
    std::uint64_t position() const override { return position_; }
    std::error_code commit() override;

private:
    std::error_code hand_over_filled();
    std::error_code wait_until_written();
    void run_writer();

    std::unique_ptr<ArchiveOutput> inner_;
    std::size_t buffer_size_;
    std::vector<std::uint8_t> filling_;  // owned by the caller's thread
    std::uint64_t position_ = 0;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<std::uint8_t>> full_;  // waiting for the writer thread, oldest first
    std::vector<std::vector<std::uint8_t>> free_;
    bool writing_ = false;  // the writer thread is writing a buffer
    bool stopping_ = false;
    std::error_code error_;
    std::thread writer_;
};

}  // namespace wiredump::pipeline
