#include "protocol/frontend_message.hpp"

#include "protocol/errc.hpp"

namespace wiredump::protocol {
namespace {

void append_int32(std::vector<std::uint8_t>& out, std::int32_t value) {
    const auto bits = static_cast<std::uint32_t>(value);
    out.push_back(static_cast<std::uint8_t>(bits >> 24));
    out.push_back(static_cast<std::uint8_t>(bits >> 16));
    out.push_back(static_cast<std::uint8_t>(bits >> 8));
    out.push_back(static_cast<std::uint8_t>(bits));
}

void append_bytes(std::vector<std::uint8_t>& out, std::string_view bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_cstring(std::vector<std::uint8_t>& out, std::string_view text) {
    append_bytes(out, text);
    out.push_back(0);
}

bool contains_nul(std::string_view text) {
    return text.find('\0') != std::string_view::npos;
}

// Appends the tag (none for the untagged startup-phase messages) and a
// placeholder length word, and returns the offset of the length word.
std::size_t begin_message(std::vector<std::uint8_t>& out, char tag) {
    if (tag != '\0') out.push_back(static_cast<std::uint8_t>(tag));
    const std::size_t length_offset = out.size();
    append_int32(out, 0);
    return length_offset;
}

// Writes the length word, which counts itself and the body but not the tag.
void finish_message(std::vector<std::uint8_t>& out, std::size_t length_offset) {
    const auto length = static_cast<std::uint32_t>(out.size() - length_offset);
    out[length_offset] = static_cast<std::uint8_t>(length >> 24);
    out[length_offset + 1] = static_cast<std::uint8_t>(length >> 16);
    out[length_offset + 2] = static_cast<std::uint8_t>(length >> 8);
    out[length_offset + 3] = static_cast<std::uint8_t>(length);
}

std::error_code append_cstring_message(std::vector<std::uint8_t>& out, char tag, std::string_view text) {
    if (contains_nul(text)) return errc::nul_in_string;

    const std::size_t length_offset = begin_message(out, tag);
    append_cstring(out, text);
    finish_message(out, length_offset);
    return {};
}

}  // namespace

std::error_code append_startup_message(std::vector<std::uint8_t>& out, const StartupParameters& parameters,
                                       std::int32_t version) {
    for (const auto& [name, value] : parameters) {
        if (contains_nul(name) || contains_nul(value)) return errc::nul_in_string;
    }

    const std::size_t length_offset = begin_message(out, '\0');
    append_int32(out, version);
    for (const auto& [name, value] : parameters) {
        // An empty name would end the list early, so such a pair is skipped.
        if (name.empty()) continue;
        append_cstring(out, name);
        append_cstring(out, value);
    }
    // An empty name ends the parameter list.
    out.push_back(0);
    finish_message(out, length_offset);
    return {};
}

std::error_code append_password_message(std::vector<std::uint8_t>& out, std::string_view password) {
    return append_cstring_message(out, 'p', password);
}

std::error_code append_sasl_initial_response(std::vector<std::uint8_t>& out, std::string_view mechanism,
                                             std::string_view data) {
    if (contains_nul(mechanism)) return errc::nul_in_string;

    const std::size_t length_offset = begin_message(out, 'p');
    append_cstring(out, mechanism);
    append_int32(out, static_cast<std::int32_t>(data.size()));
    append_bytes(out, data);
    finish_message(out, length_offset);
    return {};
}

void append_sasl_response(std::vector<std::uint8_t>& out, std::string_view data) {
    const std::size_t length_offset = begin_message(out, 'p');
    append_bytes(out, data);
    finish_message(out, length_offset);
}

std::error_code append_query(std::vector<std::uint8_t>& out, std::string_view sql) {
    return append_cstring_message(out, 'Q', sql);
}

void append_terminate(std::vector<std::uint8_t>& out) {
    finish_message(out, begin_message(out, 'X'));
}

std::error_code append_copy_fail(std::vector<std::uint8_t>& out, std::string_view reason) {
    return append_cstring_message(out, 'f', reason);
}

void append_ssl_request(std::vector<std::uint8_t>& out) {
    const std::size_t length_offset = begin_message(out, '\0');
    append_int32(out, ssl_request_code);
    finish_message(out, length_offset);
}

void append_cancel_request(std::vector<std::uint8_t>& out, std::int32_t process_id,
                           std::span<const std::uint8_t> secret_key) {
    const std::size_t length_offset = begin_message(out, '\0');
    append_int32(out, cancel_request_code);
    append_int32(out, process_id);
    out.insert(out.end(), secret_key.begin(), secret_key.end());
    finish_message(out, length_offset);
}

}  // namespace wiredump::protocol
