#include "pipeline/large_object_data.hpp"

#include "pipeline/hex_decoding.hpp"

#include <vector>

namespace wiredump::pipeline {

namespace {

std::error_code dump_one_large_object(catalog::QueryRunner& runner, std::uint32_t oid,
                                      dumpfmt::BlobsBlockWriter& blobs,
                                      protocol::Diagnostics& diagnostics, std::int32_t piece_size,
                                      LargeObjectObserver* observer) {
    if (auto error = blobs.begin_large_object(oid, diagnostics)) return error;
    if (observer) observer->begin_large_object(oid);

    protocol::QueryResult result;
    std::vector<std::uint8_t> bytes;
    for (std::int64_t offset = 0;; offset += piece_size) {
        if (auto error = runner.query(large_object_piece_query(oid, offset, piece_size), result,
                                      diagnostics)) {
            diagnostics.set_client_message("could not read large object " + std::to_string(oid) +
                                           " at byte " + std::to_string(offset));
            return error;
        }

        const bool has_value = result.rows.size() == 1 && result.rows[0].size() == 1 &&
                               result.rows[0][0].has_value();
        bytes.clear();
        if (!has_value || append_hex_bytes(*result.rows[0][0], bytes)) {
            diagnostics.set_client_message(
                "the server returned a piece of large object " + std::to_string(oid) + " at byte " +
                std::to_string(offset) + " that is not one hex value; the large object may have "
                "been removed during the dump, so run the dump again");
            return std::make_error_code(std::errc::bad_message);
        }

        if (auto error = blobs.write(bytes)) return error;
        if (observer) observer->large_object_bytes(bytes);
        // A short piece is the end of the object. An object whose size is a
        // multiple of the piece size ends with one empty piece instead.
        if (bytes.size() < static_cast<std::size_t>(piece_size)) break;
    }
    if (observer) observer->end_large_object();
    return blobs.end_large_object();
}

}  // namespace

std::string large_object_piece_query(std::uint32_t oid, std::int64_t offset, std::int32_t length) {
    // encode() gives the same hex text whatever bytea_output the server is set to.
    return "SELECT pg_catalog.encode(pg_catalog.lo_get('" + std::to_string(oid) +
           "'::pg_catalog.oid, " + std::to_string(offset) + ", " + std::to_string(length) +
           "), 'hex') AS piece";
}

std::error_code dump_large_objects(catalog::QueryRunner& runner, const ddl::LargeObjectDataJob& job,
                                   dumpfmt::BlobsBlockWriter& blobs,
                                   protocol::Diagnostics& diagnostics, std::int32_t piece_size,
                                   LargeObjectObserver* observer) {
    if (piece_size < 1) {
        diagnostics.set_client_message("invalid large object piece size " +
                                       std::to_string(piece_size) + ": it must be 1 or above");
        return std::make_error_code(std::errc::invalid_argument);
    }

    if (auto error = blobs.begin(job.dump_id, diagnostics)) return error;
    for (std::uint32_t oid : job.oids) {
        if (auto error = dump_one_large_object(runner, oid, blobs, diagnostics, piece_size, observer)) {
            return error;
        }
    }
    return blobs.finish();
}

}  // namespace wiredump::pipeline
