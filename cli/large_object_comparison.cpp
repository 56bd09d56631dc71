#include "cli/large_object_comparison.hpp"

#include "dumpfmt/check_errc.hpp"
#include "pipeline/hex_decoding.hpp"
#include "pipeline/large_object_data.hpp"

#include <charconv>
#include <set>

namespace wiredump::cli {
namespace {

void add_difference(DatabaseComparison& comparison, std::string message) {
    comparison.problems.push_back({dumpfmt::check_errc::manifest_mismatch, std::move(message)});
}

// Reads one large object as the dump did and hashes it. Returns false with
// `failure` set when a query fails or returns something other than hex.
bool hash_large_object(pipeline::DumpSession& session, std::uint32_t oid, dumpfmt::StreamHasher& hasher,
                       std::string& failure) {
    protocol::QueryResult result;
    std::vector<std::uint8_t> bytes;
    for (std::int64_t offset = 0;; offset += pipeline::large_object_piece_size) {
        protocol::Diagnostics diagnostics;
        const std::string sql = pipeline::large_object_piece_query(oid, offset, pipeline::large_object_piece_size);
        if (auto error = session.query(sql, result, diagnostics)) {
            const auto& server_error = diagnostics.server_error();
            failure = server_error ? server_error->message : error.message();
            return false;
        }
        bytes.clear();
        const bool has_value = result.rows.size() == 1 && result.rows[0].size() == 1 && result.rows[0][0];
        if (!has_value || pipeline::append_hex_bytes(*result.rows[0][0], bytes)) {
            failure = "the server returned a piece at byte " + std::to_string(offset) + " that is not one hex value";
            return false;
        }
        hasher.update(bytes);
        if (bytes.size() < static_cast<std::size_t>(pipeline::large_object_piece_size)) {
            return true;
        }
    }
}

void compare_one(pipeline::DumpSession& session, const dumpfmt::ManifestLargeObject& object,
                 DatabaseComparison& comparison) {
    const std::string name = "large object " + std::to_string(object.oid);
    protocol::Diagnostics diagnostics;
    if (session.connection().execute("SAVEPOINT wiredump_verify", diagnostics)) {
        add_difference(comparison, name + ": could not set a savepoint before reading it");
        return;
    }

    dumpfmt::StreamHasher hasher;
    std::string failure;
    if (!hash_large_object(session, object.oid, hasher, failure)) {
        add_difference(comparison, name + " could not be read from the database: " + failure);
        session.connection().execute("ROLLBACK TO SAVEPOINT wiredump_verify", diagnostics);
        return;
    }
    session.connection().execute("RELEASE SAVEPOINT wiredump_verify", diagnostics);

    if (hasher.size() != object.bytes || hasher.digest() != object.hash) {
        add_difference(comparison, name + " has different bytes in the database: " + std::to_string(hasher.size()) +
                                       " bytes with hash " + hasher.digest().to_hex() + ", but the manifest records " +
                                       std::to_string(object.bytes) + " bytes with hash " + object.hash.to_hex());
    } else {
        comparison.notes.push_back(name + ": " + std::to_string(object.bytes) + " bytes match the database");
    }
}

}  // namespace

void compare_large_objects(pipeline::DumpSession& session, const dumpfmt::Manifest& manifest,
                           DatabaseComparison& comparison) {
    protocol::QueryResult result;
    protocol::Diagnostics diagnostics;
    if (session.query("SELECT oid FROM pg_catalog.pg_largeobject_metadata ORDER BY 1", result, diagnostics)) {
        add_difference(comparison, "could not list the large objects of the database");
        return;
    }
    std::set<std::uint32_t> database_oids;
    for (const auto& row : result.rows) {
        std::uint32_t oid = 0;
        if (row.size() == 1 && row[0] &&
            std::from_chars(row[0]->data(), row[0]->data() + row[0]->size(), oid).ec == std::errc()) {
            database_oids.insert(oid);
        }
    }

    for (const dumpfmt::ManifestLargeObject& object : manifest.large_objects) {
        if (database_oids.erase(object.oid) == 0) {
            add_difference(comparison, "large object " + std::to_string(object.oid) +
                                           " is in the manifest but not in the database");
            continue;
        }
        compare_one(session, object, comparison);
    }
    for (const std::uint32_t oid : database_oids) {
        add_difference(comparison,
                       "large object " + std::to_string(oid) + " is in the database but not in the manifest");
    }
}

}  // namespace wiredump::cli
