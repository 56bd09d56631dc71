#include "pipeline/background_output.hpp"

#include <algorithm>

namespace wiredump::pipeline {

BackgroundOutput::BackgroundOutput(std::unique_ptr<ArchiveOutput> inner, std::size_t buffer_size,
                                   std::size_t buffer_count)
    : inner_(std::move(inner)), buffer_size_(std::max<std::size_t>(buffer_size, 1)) {
    // One buffer is the one being filled, the rest start on the free list.
    filling_.reserve(buffer_size_);
    const std::size_t spare = std::max<std::size_t>(buffer_count, 2) - 1;
    free_.resize(spare);
    for (auto& buffer : free_) buffer.reserve(buffer_size_);

    writer_ = std::thread([this] { run_writer(); });
}

BackgroundOutput::~BackgroundOutput() {
    // Without commit() the archive is discarded, so the bytes still queued
    // need not reach the disk: the writer thread stops after the buffer it is writing.
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        full_.clear();
    }
    changed_.notify_all();
    writer_.join();
}

void BackgroundOutput::run_writer() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || !full_.empty(); });
        if (full_.empty()) return;

        std::vector<std::uint8_t> buffer = std::move(full_.front());
        full_.pop_front();
        writing_ = true;
        const bool failed_before = static_cast<bool>(error_);
        lock.unlock();

        std::error_code error;
        if (!failed_before) error = inner_->write(buffer);
        buffer.clear();

        lock.lock();
        if (error && !error_) error_ = error;
        free_.push_back(std::move(buffer));
        writing_ = false;
        changed_.notify_all();
    }
}

// Queues the buffer being filled for the writer thread and takes a free one,
// waiting for the writer thread to return one when none is free.
std::error_code BackgroundOutput::hand_over_filled() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !free_.empty() || error_; });
    if (error_) return error_;

    full_.push_back(std::move(filling_));
    filling_ = std::move(free_.back());
    free_.pop_back();
    changed_.notify_all();
    return {};
}

// Queues the partly filled buffer and waits until the writer thread has
// written every queued buffer.
std::error_code BackgroundOutput::wait_until_written() {
    if (!filling_.empty()) {
        if (auto error = hand_over_filled()) return error;
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return full_.empty() && !writing_; });
    return error_;
}

std::error_code BackgroundOutput::write(std::span<const std::uint8_t> bytes) {
    {
        std::lock_guard lock(mutex_);
        if (error_) return error_;
    }
    position_ += bytes.size();

    while (!bytes.empty()) {
        const std::size_t count = std::min(bytes.size(), buffer_size_ - filling_.size());
        filling_.insert(filling_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(count));
        bytes = bytes.subspan(count);
        if (filling_.size() == buffer_size_) {
            if (auto error = hand_over_filled()) return error;
        }
    }
    return {};
}

std::error_code BackgroundOutput::overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) {
    if (auto error = wait_until_written()) return error;
    return inner_->overwrite(position, bytes);
}

std::error_code BackgroundOutput::commit() {
    if (auto error = wait_until_written()) return error;
    return inner_->commit();
}

}  // namespace wiredump::pipeline
