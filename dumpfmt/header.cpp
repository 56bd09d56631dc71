#include "dumpfmt/header.hpp"

#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"

namespace wiredump::dumpfmt {
namespace {

std::error_code reject(protocol::Diagnostics& diagnostics, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return errc::invalid_argument;
}

std::error_code check_writable(const ArchiveHeader& header, protocol::Diagnostics& diagnostics) {
    if (header.version < oldest_supported_version || header.version > newest_supported_version) {
        return reject(diagnostics, "cannot write archive version " + header.version.to_string() +
                                       ", because wiredump writes versions 1.12 to 1.16");
    }
    if (header.integer_size != written_integer_size || header.offset_size != written_offset_size) {
        return reject(diagnostics, "cannot write intSize " + std::to_string(header.integer_size) +
                                       " and offSize " + std::to_string(header.offset_size) +
                                       ": wiredump writes intSize 4 and offSize 8");
    }
    if (header.format != custom_format) {
        return reject(diagnostics, "cannot write format byte " + std::to_string(header.format) +
                                       ": wiredump writes only the custom format (1)");
    }

    const auto algorithm = header.compression.algorithm;
    if (header.version < version_1_15 && algorithm != CompressionAlgorithm::none &&
        algorithm != CompressionAlgorithm::gzip) {
        return reject(diagnostics, "archive version " + header.version.to_string() +
                                       " can only store zlib compression: write version 1.15 or later "
                                       "for lz4 or zstd");
    }
    if (algorithm == CompressionAlgorithm::gzip &&
        (header.compression.level < -1 || header.compression.level > 9 || header.compression.level == 0)) {
        return reject(diagnostics, "invalid zlib level " + std::to_string(header.compression.level) +
                                       ": use 1..9, or -1 for zlib's default (level 0 means no compression)");
    }
    return {};
}

void append_compression(std::vector<std::uint8_t>& out, const ArchiveHeader& header) {
    if (header.version >= version_1_15) {
        append_byte(out, static_cast<std::uint8_t>(header.compression.algorithm));
        return;
    }

    const bool compressed = header.compression.algorithm == CompressionAlgorithm::gzip;
    append_int(out, compressed ? header.compression.level : 0);
}

}  // namespace

CreationTime local_creation_time(std::time_t time) {
    std::tm local{};
    localtime_r(&time, &local);
    return {local.tm_sec, local.tm_min, local.tm_hour, local.tm_mday, local.tm_mon, local.tm_year, local.tm_isdst};
}

std::error_code append_header(std::vector<std::uint8_t>& out, const ArchiveHeader& header,
                              protocol::Diagnostics& diagnostics) {
    if (auto error = check_writable(header, diagnostics)) {
        return error;
    }

    out.insert(out.end(), archive_magic.begin(), archive_magic.end());
    append_byte(out, header.version.major);
    append_byte(out, header.version.minor);
    append_byte(out, header.version.revision);
    append_byte(out, static_cast<std::uint8_t>(header.integer_size));
    append_byte(out, static_cast<std::uint8_t>(header.offset_size));
    append_byte(out, header.format);
    append_compression(out, header);

    const CreationTime& time = header.created;
    for (int field : {time.second, time.minute, time.hour, time.day_of_month, time.month,
                      time.years_since_1900, time.is_dst}) {
        append_int(out, field);
    }

    append_string(out, header.database_name);
    append_string(out, header.server_version);
    append_string(out, header.dumper_version);
    return {};
}

namespace {

std::error_code parse_prefix(ByteReader& reader, ArchiveHeader& out) {
    std::uint8_t magic[5] = {};
    if (auto error = reader.read_bytes(magic, "magic")) {
        return error;
    }
    if (std::string_view(reinterpret_cast<const char*>(magic), 5) != archive_magic) {
        return reader.fail(errc::invalid_magic, 0, "magic", "the file does not start with \"PGDMP\"");
    }

    std::uint8_t sizes[6] = {};
    if (auto error = reader.read_bytes(sizes, "version, intSize, offSize and format")) {
        return error;
    }
    out.version = {sizes[0], sizes[1], sizes[2]};
    out.integer_size = sizes[3];
    out.offset_size = sizes[4];
    out.format = sizes[5];

    if (out.version < oldest_supported_version || out.version > newest_supported_version) {
        return reader.fail(errc::unsupported_version, 5, "version",
                           "version " + out.version.to_string() + " is not supported, because wiredump reads 1.12 to 1.16");
    }
    if (out.integer_size < 1 || out.integer_size > 32) {
        return reader.fail(errc::invalid_integer_size, 8, "intSize",
                           "intSize " + std::to_string(out.integer_size) + " is outside 1..32");
    }
    if (out.offset_size < 1 || out.offset_size > 32) {
        return reader.fail(errc::invalid_offset_size, 9, "offSize",
                           "offSize " + std::to_string(out.offset_size) + " is outside 1..32");
    }
    if (out.format != custom_format) {
        return reader.fail(errc::unsupported_format, 10, "format",
                           "format byte " + std::to_string(out.format) + " is not the custom format (1)");
    }
    reader.set_sizes(out.integer_size, out.offset_size);
    return {};
}

std::error_code parse_compression(ByteReader& reader, ArchiveHeader& out) {
    if (out.version >= version_1_15) {
        std::uint8_t algorithm = 0;
        if (auto error = reader.read_byte(algorithm, "compression algorithm")) {
            return error;
        }
        // An unknown algorithm is reported when data is decoded, as pg_restore does.
        out.compression = {static_cast<CompressionAlgorithm>(algorithm), 0, 1};
        out.stored_level.reset();
        return {};
    }

    std::int32_t level = 0;
    if (auto error = reader.read_int32(level, "compression level")) {
        return error;
    }
    out.stored_level = level;
    out.compression = level == 0 ? Compression{} : Compression::zlib(level);
    return {};
}

std::error_code parse_time_and_names(ByteReader& reader, ArchiveHeader& out) {
    CreationTime& time = out.created;
    const std::pair<int*, const char*> fields[] = {
        {&time.second, "tm_sec"},   {&time.minute, "tm_min"},
        {&time.hour, "tm_hour"},    {&time.day_of_month, "tm_mday"},
        {&time.month, "tm_mon"},    {&time.years_since_1900, "tm_year"},
        {&time.is_dst, "tm_isdst"},
    };
    for (const auto& [target, name] : fields) {
        std::int32_t value = 0;
        if (auto error = reader.read_int32(value, name)) {
            return error;
        }
        *target = value;
    }

    const std::pair<std::string*, const char*> strings[] = {
        {&out.database_name, "database name"},
        {&out.server_version, "server version"},
        {&out.dumper_version, "pg_dump version"},
    };
    for (const auto& [target, name] : strings) {
        std::optional<std::string> value;
        if (auto error = reader.read_string(value, name)) {
            return error;
        }
        *target = value.value_or("");
    }
    return {};
}

}  // namespace

std::error_code parse_header(std::span<const std::uint8_t> bytes, ArchiveHeader& out,
                             std::size_t& consumed, protocol::Diagnostics& diagnostics) {
    ByteReader reader(bytes);
    reader.set_context("header");

    std::error_code error = parse_prefix(reader, out);
    if (!error) {
        error = parse_compression(reader, out);
    }
    if (!error) {
        error = parse_time_and_names(reader, out);
    }
    if (error) {
        diagnostics.set_client_message(reader.error_message());
        return error;
    }

    consumed = reader.offset();
    return {};
}

}  // namespace wiredump::dumpfmt
