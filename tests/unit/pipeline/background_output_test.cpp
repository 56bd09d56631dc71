#include "pipeline/background_output.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using wiredump::pipeline::ArchiveOutput;
using wiredump::pipeline::BackgroundOutput;

namespace {

// What the fake output received, shared with the test after the output
// itself has moved into a BackgroundOutput.
struct Record {
    std::mutex mutex;
    std::condition_variable released;
    std::string bytes;
    std::vector<std::size_t> write_sizes;
    bool blocked = false;       // write() waits until this is false again
    int fail_at_write = -1;     // index of the write() that fails
    int overwrites = 0;
    bool committed = false;
    std::atomic<std::thread::id> writer_thread{};
};

// An in-memory ArchiveOutput that can hold writes back and fail one of them.
class RecordingOutput final : public ArchiveOutput {
public:
    explicit RecordingOutput(Record& record) : record_(record) {}

    std::error_code write(std::span<const std::uint8_t> bytes) override {
        record_.writer_thread = std::this_thread::get_id();
        std::unique_lock lock(record_.mutex);
        record_.released.wait(lock, [this] { return !record_.blocked; });
        if (static_cast<int>(record_.write_sizes.size()) == record_.fail_at_write) {
            record_.write_sizes.push_back(0);
            return std::make_error_code(std::errc::no_space_on_device);
        }
        record_.write_sizes.push_back(bytes.size());
        record_.bytes.append(bytes.begin(), bytes.end());
        return {};
    }

    std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) override {
        std::lock_guard lock(record_.mutex);
        ++record_.overwrites;
        record_.bytes.replace(position, bytes.size(), std::string(bytes.begin(), bytes.end()));
        return {};
    }

    bool seekable() const override { return true; }
    std::uint64_t position() const override { return record_.bytes.size(); }

    std::error_code commit() override {
        std::lock_guard lock(record_.mutex);
        record_.committed = true;
        return {};
    }

private:
    Record& record_;
};

std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// 1000 bytes of varied text, so a reordering or a lost piece changes it.
std::string sample_text() {
    std::string text;
    for (int i = 0; text.size() < 1000; ++i) text += std::to_string(i) + ",";
    text.resize(1000);
    return text;
}

}  // namespace

TEST_CASE("background output keeps order") {
    Record record;
    const std::string text = sample_text();
    BackgroundOutput output(std::make_unique<RecordingOutput>(record), 64, 3);

    // Writes of every size from 1 to 97 bytes cross the 64-byte buffers in every way.
    std::size_t offset = 0;
    for (std::size_t size = 1; offset < text.size(); size = size % 97 + 1) {
        const std::size_t count = std::min(size, text.size() - offset);
        REQUIRE_FALSE(output.write(bytes_of(text.substr(offset, count))));
        offset += count;
    }
    CHECK(output.position() == text.size());

    REQUIRE_FALSE(output.overwrite(0, bytes_of("HEAD")));
    REQUIRE_FALSE(output.commit());
    CHECK(record.committed);
    CHECK(record.overwrites == 1);
    CHECK(record.bytes == "HEAD" + text.substr(4));
    for (std::size_t size : record.write_sizes) CHECK(size <= 64);
    CHECK(record.writer_thread.load() != std::this_thread::get_id());
}

TEST_CASE("background output bounds memory") {
    Record record;
    record.blocked = true;
    const std::size_t buffer_size = 100;
    const std::size_t buffer_count = 4;
    auto output = std::make_unique<BackgroundOutput>(std::make_unique<RecordingOutput>(record), buffer_size,
                                                     buffer_count);

    // The disk is stalled, so the producer can fill buffers only until every
    // buffer is full: one in the stalled write, the rest queued or being filled.
    std::atomic<std::size_t> accepted{0};
    std::thread producer([&] {
        const std::string text = sample_text();
        for (int round = 0; round < 10; ++round) {
            for (std::size_t offset = 0; offset < text.size(); offset += 10) {
                if (output->write(bytes_of(text.substr(offset, 10)))) return;
                accepted += 10;
            }
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(accepted.load() <= buffer_size * buffer_count);
    CHECK(accepted.load() >= buffer_size * (buffer_count - 1));

    {
        std::lock_guard lock(record.mutex);
        record.blocked = false;
    }
    record.released.notify_all();
    producer.join();
    CHECK(accepted.load() == 10000);
    REQUIRE_FALSE(output->commit());
    CHECK(record.bytes.size() == 10000);
}

TEST_CASE("background output write failure") {
    Record record;
    record.fail_at_write = 1;
    BackgroundOutput output(std::make_unique<RecordingOutput>(record), 10, 2);
    const std::string text = sample_text();

    // The failure surfaces in a later write() or at the latest in commit().
    std::error_code error;
    for (std::size_t offset = 0; offset < 200 && !error; offset += 10) {
        error = output.write(bytes_of(text.substr(offset, 10)));
    }
    if (!error) error = output.commit();
    CHECK(error == std::errc::no_space_on_device);
    CHECK(output.commit() == std::errc::no_space_on_device);
    CHECK(output.overwrite(0, bytes_of("x")) == std::errc::no_space_on_device);
    CHECK_FALSE(record.committed);
    CHECK(record.overwrites == 0);
    // Nothing after the failed write reaches the inner output.
    CHECK(record.bytes == text.substr(0, 10));
}

TEST_CASE("background output discards without commit") {
    Record record;
    record.blocked = true;
    {
        BackgroundOutput output(std::make_unique<RecordingOutput>(record), 10, 3);
        const std::string text = sample_text();
        for (std::size_t offset = 0; offset < 25; offset += 5) {
            REQUIRE_FALSE(output.write(bytes_of(text.substr(offset, 5))));
        }
        {
            std::lock_guard lock(record.mutex);
            record.blocked = false;
        }
        record.released.notify_all();
    }
    CHECK_FALSE(record.committed);
    CHECK(record.bytes.size() <= 20);
}
