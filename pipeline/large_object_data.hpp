#pragma once

#include "catalog/query_runner.hpp"
#include "ddl/dump_plan.hpp"
#include "dumpfmt/block_writer.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <system_error>

namespace wiredump::pipeline {

// Bytes read from a large object per query. The server returns them as hex
// text, twice this size, so one piece needs an estimated 768 KiB of memory
// (the text plus the decoded bytes).
inline constexpr std::int32_t large_object_piece_size = 256 * 1024;

// Receives each large object's bytes as they are written, for the manifest.
class LargeObjectObserver {
public:
    virtual ~LargeObjectObserver() = default;

    virtual void begin_large_object(std::uint32_t oid) = 0;
    virtual void large_object_bytes(std::span<const std::uint8_t> bytes) = 0;
    virtual void end_large_object() = 0;
};

// The query that returns `length` bytes of a large object from `offset` on,
// as hex text in the single column "piece" (shorter at the end of the object).
std::string large_object_piece_query(std::uint32_t oid, std::int64_t offset, std::int32_t length);

// Writes the BLOBS block of `job`: every large object's bytes, read in the
// dump's snapshot through `runner` in pieces of `piece_size` bytes, so no
// large object is held in memory whole. Errors from `blobs` (the output) are
// returned as they are. A failed query or a piece that is not hex gets a
// client message naming the large object. `observer`, when given, receives the
// same bytes.
std::error_code dump_large_objects(catalog::QueryRunner& runner,
                                   const ddl::LargeObjectDataJob& job,
                                   dumpfmt::BlobsBlockWriter& blobs,
                                   protocol::Diagnostics& diagnostics,
                                   std::int32_t piece_size = large_object_piece_size,
                                   LargeObjectObserver* observer = nullptr);

}  // namespace wiredump::pipeline
