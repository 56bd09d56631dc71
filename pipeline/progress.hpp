#pragma once

#include <cstdint>
#include <string>

namespace wiredump::pipeline {

// Receives the progress of the data phase, for a display on a terminal or a
// machine reader. Byte counts are of COPY text as the server sends it, before
// compression. Estimates come from the catalog's page counts, which can be
// stale or far from the text size, so they only ever feed an ETA.
class ProgressObserver {
public:
    virtual ~ProgressObserver() = default;

    // Called once, after the catalog has been read and before any data.
    virtual void data_started(std::size_t table_count, std::uint64_t estimated_bytes) = 0;

    // "name" is the quoted schema-qualified table, or "large objects".
    virtual void table_started(const std::string& name, std::uint64_t estimated_bytes) = 0;

    // Running totals of the current table. Called every few hundred kilobytes,
    // so an observer may read a clock each time.
    virtual void table_advanced(std::uint64_t bytes, std::uint64_t rows) = 0;

    virtual void table_finished(std::uint64_t bytes, std::uint64_t rows) = 0;

    // Called when the archive is complete; archive_bytes is its final size.
    virtual void data_finished(std::uint64_t archive_bytes) = 0;
};

}  // namespace wiredump::pipeline
