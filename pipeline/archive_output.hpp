#pragma once

#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>

namespace wiredump::pipeline {

// The rule that commit() applies when a file already exists under the archive's
// final name.
enum class ExistingFile {
    replace,  // pg_dump's -f: the new archive replaces it
    keep,     // commit() fails with std::errc::file_exists and the old file stays
};

// The destination of the archive's bytes: a file that appears under its final
// name only when the archive is complete, or standard output.
//
// A file is written under a temporary name in the same directory (so the final
// rename is atomic), fsynced, and renamed by commit(). Destroying the object
// without commit() removes the temporary file, so a failed dump never leaves
// anything that looks like a good archive.
class ArchiveOutput {
public:
    virtual ~ArchiveOutput() = default;

    virtual std::error_code write(std::span<const std::uint8_t> bytes) = 0;

    // Overwrites bytes already written at an absolute position without moving
    // the append position. Only for seekable outputs.
    virtual std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) = 0;

    virtual bool seekable() const = 0;

    // Bytes written so far: the position of the next write.
    virtual std::uint64_t position() const = 0;

    // Flushes everything to stable storage and, for a file, renames it into place.
    virtual std::error_code commit() = 0;

    // Creates the temporary file beside path. Fills diagnostics on failure.
    // With ExistingFile::keep it also fails at once when path exists, so a dump
    // does not run only to be rejected at commit().
    static std::error_code open_file(const std::string& path, std::unique_ptr<ArchiveOutput>& output,
                                     protocol::Diagnostics& diagnostics,
                                     ExistingFile existing = ExistingFile::replace);
    // Writes to file descriptor 1, which is seekable when it is a regular file.
    static std::unique_ptr<ArchiveOutput> standard_output();
};

// Removes the temporary file of the archive being written, if there is one.
// For signal handlers: it only reads a fixed buffer and calls unlink(2), both
// async-signal-safe, so an interrupted dump leaves no partial file behind.
void remove_partial_archive_file() noexcept;

}  // namespace wiredump::pipeline
