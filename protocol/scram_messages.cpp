#include "protocol/scram_messages.hpp"

#include "protocol/errc.hpp"
#include "protocol/scram_crypto.hpp"

#include <algorithm>
#include <climits>
#include <vector>

namespace wiredump::protocol::scram {
namespace {

// One "x=value" element of a SCRAM message.
struct Attribute {
    char name = 0;
    std::string_view value;
};

// Splits a message at commas into attributes. Returns nullopt when an
// element is not one ASCII letter followed by '='.
std::optional<std::vector<Attribute>> split_attributes(std::string_view message) {
    std::vector<Attribute> attributes;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = message.find(',', start);
        const std::string_view element =
            message.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);

        const bool is_letter = !element.empty() && ((element[0] >= 'a' && element[0] <= 'z') ||
                                                    (element[0] >= 'A' && element[0] <= 'Z'));
        if (element.size() < 2 || !is_letter || element[1] != '=') {
            return std::nullopt;
        }
        attributes.push_back({element[0], element.substr(2)});

        if (comma == std::string_view::npos) {
            return attributes;
        }
        start = comma + 1;
    }
}

// Checks that attribute `position` is `name`. A name found at another
// position is out of order, and one found nowhere is missing.
std::error_code expect_attribute(const std::vector<Attribute>& attributes, std::size_t position,
                                 char name) {
    if (position < attributes.size() && attributes[position].name == name) {
        return {};
    }
    const bool elsewhere = std::any_of(attributes.begin(), attributes.end(),
                                       [name](const Attribute& a) { return a.name == name; });
    return elsewhere ? errc::scram_attribute_out_of_order : errc::scram_missing_attribute;
}

// RFC 5802: printable = %x21-2B / %x2D-7E, that is, visible ASCII except ','.
bool is_valid_nonce(std::string_view nonce) {
    return !nonce.empty() && std::all_of(nonce.begin(), nonce.end(), [](char c) {
        return c >= 0x21 && c <= 0x7E && c != ',';
    });
}

// RFC 5802: posit-number = %x31-39 *DIGIT, limited here to INT_MAX because
// OpenSSL's PBKDF2 takes an int.
std::optional<int> parse_iteration_count(std::string_view text) {
    if (text.empty() || text[0] < '1' || text[0] > '9') {
        return std::nullopt;
    }
    long long value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
        if (value > INT_MAX) {
            return std::nullopt;
        }
    }
    return static_cast<int>(value);
}

}  // namespace

std::error_code parse_server_first(std::string_view message, ServerFirst& out) {
    const auto attributes = split_attributes(message);
    if (!attributes) {
        return errc::scram_invalid_server_message;
    }
    if ((*attributes)[0].name == 'm') {
        return errc::scram_invalid_server_message;  // no mandatory extension is supported
    }

    for (const auto& [position, name] : {std::pair{0u, 'r'}, std::pair{1u, 's'}, std::pair{2u, 'i'}}) {
        if (const auto error = expect_attribute(*attributes, position, name)) {
            return error;
        }
    }
    if (attributes->size() > 3) {
        return errc::scram_invalid_server_message;
    }

    const std::string_view nonce = (*attributes)[0].value;
    if (!is_valid_nonce(nonce)) {
        return errc::scram_invalid_server_message;
    }

    auto salt = base64_decode((*attributes)[1].value);
    if (!salt) {
        return errc::scram_invalid_base64;
    }
    if (salt->empty()) {
        return errc::scram_invalid_server_message;
    }

    const auto iterations = parse_iteration_count((*attributes)[2].value);
    if (!iterations) {
        return errc::scram_invalid_iteration_count;
    }

    out.nonce.assign(nonce);
    out.salt = std::move(*salt);
    out.iterations = *iterations;
    return {};
}

std::error_code parse_server_final(std::string_view message, ServerFinal& out) {
    const auto attributes = split_attributes(message);
    if (!attributes) {
        return message.empty() ? errc::scram_missing_attribute : errc::scram_invalid_server_message;
    }

    // RFC 5802 puts e= where v= would be: the message carries one or the other.
    if ((*attributes)[0].name == 'e') {
        if (attributes->size() > 1 || (*attributes)[0].value.empty()) {
            return errc::scram_invalid_server_message;
        }
        out.error_value.emplace((*attributes)[0].value);
        out.server_signature.clear();
        return {};
    }

    if (const auto error = expect_attribute(*attributes, 0, 'v')) {
        return error;
    }
    if (attributes->size() > 1) {
        return errc::scram_invalid_server_message;
    }

    auto signature = base64_decode((*attributes)[0].value);
    if (!signature) {
        return errc::scram_invalid_base64;
    }
    if (signature->size() != sha256_size) {
        return errc::scram_invalid_server_message;
    }

    out.server_signature = std::move(*signature);
    out.error_value.reset();
    return {};
}

}  // namespace wiredump::protocol::scram
