// Client-side cost of receiving a COPY TO STDOUT: framing backend messages in
// the receive buffer and handing each CopyData payload on. The server's side
// is a prepared byte stream that each read copies into the operation's read
// space, at most `read size` bytes at a time as a socket read would return
// them. So the figures leave out the kernel, the server and the network, and
// bytes/second counts the whole stream, message headers included.

#include "copy_rows.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/copy_data_hash.hpp"
#include "protocol/backend_message.hpp"
#include "protocol/statement_operation.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using wiredump::protocol::Bytes;

// The bytes of one table's data in the protocol: 64 MiB of CopyData in rows of the
// benchmark's row size, as the server sends it for each row.
constexpr std::size_t stream_data_size = 64 * 1024 * 1024;

void append_message(std::vector<std::uint8_t>& stream, char tag, std::string_view body) {
    const auto length = static_cast<std::uint32_t>(body.size() + 4);
    stream.push_back(static_cast<std::uint8_t>(tag));
    for (int shift = 24; shift >= 0; shift -= 8) stream.push_back(static_cast<std::uint8_t>(length >> shift));
    stream.insert(stream.end(), body.begin(), body.end());
}

struct CopyOutStream {
    std::vector<std::uint8_t> bytes;
    std::size_t messages = 0;
};

// CopyOutResponse (text, 5 columns), one CopyData per row, CopyDone, CommandComplete, ReadyForQuery.
CopyOutStream make_copy_out_stream(std::size_t row_size) {
    const auto rows = wiredump::bench::make_copy_rows(stream_data_size, row_size);
    CopyOutStream stream;
    stream.bytes.reserve(stream_data_size + rows.size() * 5 + 256);

    append_message(stream.bytes, 'H', std::string_view("\0\0\5\0\0\0\0\0\0\0\0\0\0", 13));
    for (const auto& row : rows) append_message(stream.bytes, 'd', row);
    append_message(stream.bytes, 'c', "");
    append_message(stream.bytes, 'C', std::string_view("COPY " + std::to_string(rows.size()) + '\0'));
    append_message(stream.bytes, 'Z', "I");
    stream.messages = rows.size() + 4;
    return stream;
}

// Runs the operation to its end, feeding it the stream in reads of at most read_size bytes.
bool run_copy_out(wiredump::protocol::MessageOperation& operation, const std::vector<std::uint8_t>& stream,
                  std::size_t read_size) {
    std::size_t position = 0;
    auto action = operation.resume({}, 0);
    while (!action.is_done()) {
        std::size_t count = 0;
        if (action.kind() == wiredump::protocol::NextAction::Kind::read) {
            count = std::min({action.read_space().size(), read_size, stream.size() - position});
            if (count == 0) return false;
            std::memcpy(action.read_space().data(), stream.data() + position, count);
            position += count;
        }
        action = operation.resume({}, count);
    }
    return !action.error() && position == stream.size();
}

// Bytes/second over the whole stream, and messages/second, because framing
// costs about the same for a message of any size.
void set_rates(benchmark::State& state, const CopyOutStream& stream) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.bytes.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream.messages));
}

// CopyOutOperation with a consumer that only counts: framing, the receive
// buffer's moves and the callback, as io::Connection::copy_out() runs them.
void copy_out_operation(benchmark::State& state) {
    const auto stream = make_copy_out_stream(static_cast<std::size_t>(state.range(0)));
    const auto read_size = static_cast<std::size_t>(state.range(1));

    for (auto _ : state) {
        wiredump::protocol::ReceiveBuffer buffer;
        wiredump::protocol::SessionState session;
        wiredump::protocol::Diagnostics diagnostics;
        std::size_t payload_bytes = 0;
        wiredump::protocol::CopyOutOperation operation(
            "COPY t TO STDOUT",
            [&](Bytes payload) {
                payload_bytes += payload.size();
                return std::error_code{};
            },
            buffer, session, diagnostics);
        if (!run_copy_out(operation, stream.bytes, read_size)) {
            state.SkipWithError("the COPY OUT operation failed on the prepared stream");
            return;
        }
        benchmark::DoNotOptimize(payload_bytes);
    }
    set_rates(state, stream);
}

// Runs what a dump does with each payload besides compressing it: the
// manifest's XXH3-128 hash and an uncompressed data block (-Z 0) into a
// counting sink.
void copy_out_to_data_block(benchmark::State& state) {
    const auto stream = make_copy_out_stream(static_cast<std::size_t>(state.range(0)));
    const auto read_size = static_cast<std::size_t>(state.range(1));

    for (auto _ : state) {
        std::size_t archive_bytes = 0;
        wiredump::dumpfmt::DataBlockWriter blocks(
            [&](std::span<const std::uint8_t> bytes) {
                archive_bytes += bytes.size();
                return std::error_code{};
            },
            wiredump::dumpfmt::Compression{});
        wiredump::dumpfmt::CopyDataHasher hasher;

        wiredump::protocol::ReceiveBuffer buffer;
        wiredump::protocol::SessionState session;
        wiredump::protocol::Diagnostics diagnostics;
        wiredump::protocol::CopyOutOperation operation(
            "COPY t TO STDOUT",
            [&](Bytes payload) {
                hasher.write(payload);
                return blocks.write(payload);
            },
            buffer, session, diagnostics);

        if (blocks.begin(1, diagnostics) || !run_copy_out(operation, stream.bytes, read_size) || blocks.finish()) {
            state.SkipWithError("the COPY OUT into a data block failed");
            return;
        }
        hasher.finish();
        benchmark::DoNotOptimize(hasher.digest());
        benchmark::DoNotOptimize(archive_bytes);
    }
    set_rates(state, stream);
}

// Arguments: row size in bytes (one CopyData message each), then the read size.
// 480 bytes is the mixed_rows table of bench/datasets.sh, 100 bytes about a
// pgbench_accounts row, 8 KiB a row with a large text value.
BENCHMARK(copy_out_operation)
    ->ArgNames({"row", "read"})
    ->Args({100, 64 * 1024})
    ->Args({480, 64 * 1024})
    ->Args({8192, 64 * 1024})
    ->Args({480, 4 * 1024})
    ->Unit(benchmark::kMillisecond);

BENCHMARK(copy_out_to_data_block)
    ->ArgNames({"row", "read"})
    ->Args({100, 64 * 1024})
    ->Args({480, 64 * 1024})
    ->Args({8192, 64 * 1024})
    ->Unit(benchmark::kMillisecond);

}  // namespace
