#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// The primitives of SCRAM-SHA-256 (RFC 5802 section 2.2, RFC 7677), on top of
// OpenSSL 3's EVP interfaces.
namespace wiredump::protocol::scram {

inline constexpr std::size_t sha256_size = 32;
using Digest = std::array<unsigned char, sha256_size>;

// Standard base64 (RFC 4648 section 4) with padding.
std::string base64_encode(std::span<const unsigned char> bytes);
inline std::string base64_encode(std::string_view bytes) {
    return base64_encode(std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

// Decodes standard base64 strictly: the length must be a multiple of four,
// padding only at the end, no whitespace, and unused bits zero, so each
// byte string has exactly one accepted encoding. Returns nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

// Hi(password, salt, iterations) of RFC 5802, which is PBKDF2 with
// HMAC-SHA-256 and one output block. `iterations` must be positive.
Digest salted_password(std::string_view password, std::string_view salt, int iterations);

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view message);
Digest sha256(std::span<const unsigned char> bytes);

// Compares in time that depends only on the sizes, so that a mismatch does
// not reveal how many leading bytes matched.
bool equal_constant_time(std::span<const unsigned char> left, std::span<const unsigned char> right);

// Overwrites a secret in a way the compiler may not remove.
void wipe(std::span<unsigned char> bytes);
void wipe(std::string& text);

}  // namespace wiredump::protocol::scram
