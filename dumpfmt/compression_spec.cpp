#include "dumpfmt/compression_spec.hpp"

#include "dumpfmt/errc.hpp"

#include <zstd.h>

#include <charconv>
#include <string>

namespace wiredump::dumpfmt {
namespace {

constexpr std::string_view accepted_forms =
    "use 0..9, none, gzip[:LEVEL], lz4[:LEVEL] or zstd[:LEVEL], or METHOD:level=N; "
    "zstd also takes long and workers=N, as in zstd:level=19,long";

// The maximum number of zstd workers, the same limit as -j.
constexpr int max_workers = 256;

std::error_code reject(protocol::Diagnostics& diagnostics, std::string_view text, const std::string& problem) {
    diagnostics.set_client_message("invalid compression \"" + std::string(text) + "\": " + problem + "; " +
                                   std::string(accepted_forms));
    return errc::invalid_argument;
}

// Parses a whole string as a decimal integer with an optional sign.
std::optional<int> parse_integer(std::string_view text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Accepts the Boolean spellings of pg_dump's "long" option.
std::optional<bool> parse_boolean(std::string_view text) {
    std::string lower;
    for (char c : text) {
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (lower == "on" || lower == "yes" || lower == "1") {
        return true;
    }
    if (lower == "off" || lower == "no" || lower == "0") {
        return false;
    }
    return std::nullopt;
}

std::optional<CompressionAlgorithm> parse_algorithm(std::string_view name) {
    if (name == "none") return CompressionAlgorithm::none;
    if (name == "gzip") return CompressionAlgorithm::gzip;
    if (name == "lz4") return CompressionAlgorithm::lz4;
    if (name == "zstd") return CompressionAlgorithm::zstd;
    return std::nullopt;
}

int default_level(CompressionAlgorithm algorithm) {
    switch (algorithm) {
    case CompressionAlgorithm::gzip:
        return gzip_default_level;
    case CompressionAlgorithm::lz4:
        return lz4_default_level;
    case CompressionAlgorithm::zstd:
        return zstd_default_level;
    case CompressionAlgorithm::none:
        break;
    }
    return 0;
}

// Applies one "keyword" or "keyword=value" option of the part after the colon.
std::error_code apply_option(std::string_view text, std::string_view option, CompressionSpec& out,
                             bool& long_given, protocol::Diagnostics& diagnostics) {
    const std::size_t equals = option.find('=');
    const std::string_view keyword = option.substr(0, equals);
    const std::optional<std::string_view> value =
        equals == std::string_view::npos ? std::nullopt : std::optional(option.substr(equals + 1));
    const std::string quoted = "\"" + std::string(keyword) + "\"";

    if (keyword.empty()) {
        return reject(diagnostics, text, "an option name is empty");
    }
    if (keyword == "long") {
        const std::optional<bool> enabled = value ? parse_boolean(*value) : std::optional(true);
        if (!enabled) {
            return reject(diagnostics, text, "option \"long\" takes on, off, yes, no, 1 or 0, not \"" +
                                                 std::string(*value) + "\"");
        }
        out.compression.long_distance = *enabled;
        long_given = true;
        return {};
    }
    if (keyword != "level" && keyword != "workers") {
        return reject(diagnostics, text, "unknown option " + quoted);
    }

    const std::optional<int> number = value ? parse_integer(*value) : std::nullopt;
    if (!number) {
        return reject(diagnostics, text, "option " + quoted + " needs an integer value, as in " +
                                             std::string(keyword) + "=3");
    }
    if (keyword == "level") {
        out.compression.level = *number;
        return {};
    }
    if (*number < 0 || *number > max_workers) {
        return reject(diagnostics, text, "workers=" + std::to_string(*number) + " is outside 0.." +
                                             std::to_string(max_workers));
    }
    out.workers = static_cast<unsigned>(*number);
    return {};
}

std::error_code parse_detail(std::string_view text, std::string_view detail, CompressionSpec& out,
                             bool& long_given, protocol::Diagnostics& diagnostics) {
    if (const std::optional<int> level = parse_integer(detail)) {
        out.compression.level = *level;
        return {};
    }
    while (true) {
        const std::size_t comma = detail.find(',');
        if (auto error = apply_option(text, detail.substr(0, comma), out, long_given, diagnostics)) {
            return error;
        }
        if (comma == std::string_view::npos) {
            return {};
        }
        detail.remove_prefix(comma + 1);
    }
}

// Checks the level and options against the algorithm, as pg_dump's
// validate_compress_specification does.
std::error_code validate(std::string_view text, const CompressionSpec& spec, bool long_given,
                         protocol::Diagnostics& diagnostics) {
    const CompressionAlgorithm algorithm = spec.compression.algorithm;
    const std::string name(compression_name(algorithm));
    const int level = spec.compression.level;

    if (algorithm != CompressionAlgorithm::zstd && (long_given || spec.workers)) {
        return reject(diagnostics, text, name + " takes no long or workers option, only zstd does");
    }

    int min_level = 1;
    int max_level = 9;
    if (algorithm == CompressionAlgorithm::none) {
        if (level != 0) {
            return reject(diagnostics, text, "none takes no level");
        }
        return {};
    }
    if (algorithm == CompressionAlgorithm::lz4) {
        max_level = 12;
    } else if (algorithm == CompressionAlgorithm::zstd) {
        min_level = ZSTD_minCLevel();
        max_level = ZSTD_maxCLevel();
    }
    const int default_value = default_level(algorithm);
    if ((level < min_level || level > max_level) && level != default_value) {
        // gzip's and lz4's defaults are library sentinels (-1, 0) that mean
        // nothing to a user, so only a default inside the range is named.
        std::string message = name + " level " + std::to_string(level) + " is outside " +
                              std::to_string(min_level) + ".." + std::to_string(max_level);
        if (default_value >= min_level && default_value <= max_level) {
            message += " (default " + std::to_string(default_value) + ")";
        }
        return reject(diagnostics, text, message);
    }
    return {};
}

}  // namespace

std::string_view compression_name(CompressionAlgorithm algorithm) {
    switch (algorithm) {
    case CompressionAlgorithm::none:
        return "none";
    case CompressionAlgorithm::gzip:
        return "gzip";
    case CompressionAlgorithm::lz4:
        return "lz4";
    case CompressionAlgorithm::zstd:
        return "zstd";
    }
    return "unknown";
}

std::error_code parse_compression_spec(std::string_view text, CompressionSpec& out,
                                       protocol::Diagnostics& diagnostics) {
    CompressionSpec spec;
    if (text.empty()) {
        return reject(diagnostics, text, "the value is empty");
    }

    // A bare integer is the pg_dump 15 form: 0 is none, anything else a gzip level.
    if (const std::optional<int> level = parse_integer(text)) {
        if (*level != 0) {
            spec.compression = {CompressionAlgorithm::gzip, *level};
        }
        if (auto error = validate(text, spec, false, diagnostics)) {
            return error;
        }
        out = spec;
        return {};
    }

    const std::size_t colon = text.find(':');
    const std::string_view method = text.substr(0, colon);
    const std::optional<CompressionAlgorithm> algorithm = parse_algorithm(method);
    if (!algorithm) {
        return reject(diagnostics, text, "unknown method \"" + std::string(method) + "\"");
    }
    spec.compression.algorithm = *algorithm;
    spec.compression.level = default_level(*algorithm);

    bool long_given = false;
    if (colon != std::string_view::npos) {
        if (auto error = parse_detail(text, text.substr(colon + 1), spec, long_given, diagnostics)) {
            return error;
        }
    }

    if (auto error = validate(text, spec, long_given, diagnostics)) {
        return error;
    }
    out = spec;
    return {};
}

}  // namespace wiredump::dumpfmt
