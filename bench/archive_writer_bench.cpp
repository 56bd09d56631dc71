// Throughput of the archive writer apart from the server. data_block_rows
// writes data blocks of length-prefixed chunks one COPY row at a time, as a
// dump writes them. archive_many_tables writes whole archives of many small
// tables, where the work per block and per TOC entry matters more than the
// bytes. The sink only counts bytes, and bytes/second counts the table data
// given to the writer.

#include "copy_rows.hpp"
#include "dumpfmt/archive_writer.hpp"
#include "dumpfmt/block_writer.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

namespace dumpfmt = wiredump::dumpfmt;

std::span<const std::uint8_t> as_bytes(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Arguments 0 for no compression, 1 to 9 for a zlib level on one thread.
dumpfmt::Compression compression_argument(std::int64_t level) {
    return level == 0 ? dumpfmt::Compression{} : dumpfmt::Compression::zlib(static_cast<int>(level));
}

std::size_t total_size(const std::vector<std::string>& rows) {
    std::size_t size = 0;
    for (const auto& row : rows) size += row.size();
    return size;
}

// One data block of 32 MiB written row by row.
void data_block_rows(benchmark::State& state) {
    const auto rows = wiredump::bench::make_copy_rows(32 * 1024 * 1024, static_cast<std::size_t>(state.range(0)));
    const auto compression = compression_argument(state.range(1));
    std::size_t archive_bytes = 0;

    for (auto _ : state) {
        archive_bytes = 0;
        wiredump::protocol::Diagnostics diagnostics;
        dumpfmt::DataBlockWriter blocks(
            [&](std::span<const std::uint8_t> bytes) {
                archive_bytes += bytes.size();
                return std::error_code{};
            },
            compression);

        std::error_code error = blocks.begin(1, diagnostics);
        for (const auto& row : rows) {
            if (error) break;
            error = blocks.write(as_bytes(row));
        }
        if (!error) error = blocks.finish();
        if (error) {
            state.SkipWithError(("the data block writer failed: " + error.message()).c_str());
            return;
        }
    }

    const auto data_size = total_size(rows);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data_size));
    state.counters["archive/data"] = static_cast<double>(archive_bytes) / static_cast<double>(data_size);
}

// Two TOC entries per table (TABLE and TABLE DATA), as a dump of plain tables has.
std::vector<dumpfmt::TocEntry> make_table_entries(int table_count) {
    std::vector<dumpfmt::TocEntry> entries;
    for (int table = 0; table < table_count; ++table) {
        const std::string name = "small_" + std::to_string(table + 1);

        dumpfmt::TocEntry definition;
        definition.dump_id = 2 * table + 1;
        definition.desc = "TABLE";
        definition.tag = name;
        definition.namespace_name = "public";
        definition.owner = "postgres";
        definition.definition = "CREATE TABLE public." + name + " (id integer, name text, amount numeric(10,2));\n";
        definition.drop_statement = "DROP TABLE public." + name + ";\n";
        entries.push_back(definition);

        dumpfmt::TocEntry data;
        data.dump_id = 2 * table + 2;
        data.has_data = true;
        data.desc = "TABLE DATA";
        data.tag = name;
        data.section = dumpfmt::Section::data;
        data.namespace_name = "public";
        data.owner = "postgres";
        data.copy_statement = "COPY public." + name + " (id, name, amount) FROM stdin;\n";
        data.dependencies = {definition.dump_id};
        entries.push_back(data);
    }
    return entries;
}

// A whole archive: header, TOC, one block of 100 rows of 60 bytes per table,
// and the final TOC with the offsets.
void archive_many_tables(benchmark::State& state) {
    const auto table_count = static_cast<int>(state.range(0));
    const auto entries = make_table_entries(table_count);
    const auto rows = wiredump::bench::make_copy_rows(100 * 60, 60);
    const std::string end_of_data = "\\.\n\n\n";

    dumpfmt::ArchiveHeader header;
    header.compression = compression_argument(state.range(1));
    header.database_name = "bench";
    header.server_version = "15.20";
    header.dumper_version = "wiredump benchmark";

    for (auto _ : state) {
        std::size_t archive_bytes = 0;
        wiredump::protocol::Diagnostics diagnostics;
        dumpfmt::ArchiveWriter writer(
            [&](std::span<const std::uint8_t> bytes) {
                archive_bytes += bytes.size();
                return std::error_code{};
            },
            header, entries);

        std::error_code error = writer.write_head(diagnostics);
        for (const auto& entry : entries) {
            if (error || !entry.has_data) continue;
            error = writer.begin_data(entry.dump_id, diagnostics);
            for (const auto& row : rows) {
                if (!error) error = writer.write_data(as_bytes(row));
            }
            if (!error) error = writer.write_data(as_bytes(end_of_data));
            if (!error) error = writer.end_data();
        }
        std::vector<std::uint8_t> final_toc;
        if (!error) error = writer.final_toc(final_toc, diagnostics);
        if (error) {
            state.SkipWithError(("the archive writer failed: " + error.message()).c_str());
            return;
        }
        benchmark::DoNotOptimize(archive_bytes);
    }

    const auto data_size = static_cast<std::size_t>(table_count) * (total_size(rows) + end_of_data.size());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data_size));
    state.counters["tables"] = benchmark::Counter(static_cast<double>(state.iterations()) * table_count,
                                                  benchmark::Counter::kIsRate);
}

// Arguments: row size in bytes, then 0 (no compression) or the zlib level.
BENCHMARK(data_block_rows)
    ->ArgNames({"row", "level"})
    ->Args({100, 0})
    ->Args({480, 0})
    ->Args({8192, 0})
    ->Args({480, 1})
    ->Unit(benchmark::kMillisecond);

// Arguments: tables, then 0 (no compression) or the zlib level.
BENCHMARK(archive_many_tables)
    ->ArgNames({"tables", "level"})
    ->Args({2000, 0})
    ->Args({2000, 9})
    ->Unit(benchmark::kMillisecond);

}  // namespace
