#include "protocol/scram_crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <stdexcept>

namespace wiredump::protocol::scram {
namespace {

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Returns the 6-bit value of a base64 character, or -1.
int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// OpenSSL fails here only when memory runs out or the default provider is
// missing, which no caller can repair, so the failure is thrown.
[[noreturn]] void throw_openssl_error(const char* operation) {
    char text[256] = "no OpenSSL error queued";
    const unsigned long code = ERR_get_error();
    if (code != 0) {
        ERR_error_string_n(code, text, sizeof text);
    }
    throw std::runtime_error(std::string(operation) + " failed: " + text);
}

}  // namespace

std::string base64_encode(std::span<const unsigned char> bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);

    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        text.push_back(base64_alphabet[(group >> 18) & 0x3F]);
        text.push_back(base64_alphabet[(group >> 12) & 0x3F]);
        text.push_back(base64_alphabet[(group >> 6) & 0x3F]);
        text.push_back(base64_alphabet[group & 0x3F]);
    }

    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const unsigned group = bytes[i] << 16;
        text.push_back(base64_alphabet[(group >> 18) & 0x3F]);
        text.push_back(base64_alphabet[(group >> 12) & 0x3F]);
        text.append("==");
    } else if (rest == 2) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8);
        text.push_back(base64_alphabet[(group >> 18) & 0x3F]);
        text.push_back(base64_alphabet[(group >> 12) & 0x3F]);
        text.push_back(base64_alphabet[(group >> 6) & 0x3F]);
        text.push_back('=');
    }
    return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }

    std::string bytes;
    bytes.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last_group = i + 4 == text.size();
        std::size_t padding = 0;
        if (last_group && text[i + 3] == '=') {
            padding = text[i + 2] == '=' ? 2 : 1;
        }

        unsigned group = 0;
        for (std::size_t k = 0; k < 4 - padding; ++k) {
            const int value = base64_value(text[i + k]);
            if (value < 0) {
                return std::nullopt;
            }
            group |= static_cast<unsigned>(value) << (18 - 6 * k);
        }

        // Bits below the last full byte must be zero, otherwise two texts
        // would decode to the same bytes.
        if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0)) {
            return std::nullopt;
        }

        bytes.push_back(static_cast<char>((group >> 16) & 0xFF));
        if (padding < 2) bytes.push_back(static_cast<char>((group >> 8) & 0xFF));
        if (padding < 1) bytes.push_back(static_cast<char>(group & 0xFF));
    }
    return bytes;
}

Digest salted_password(std::string_view password, std::string_view salt, int iterations) {
    if (iterations <= 0) {
        throw std::invalid_argument("invalid SCRAM iteration count " + std::to_string(iterations) +
                                    ": it must be positive");
    }
    if (password.size() > INT_MAX || salt.size() > INT_MAX) {
        throw std::length_error("SCRAM password or salt is longer than OpenSSL's PBKDF2 accepts (INT_MAX bytes)");
    }

    Digest result{};
    const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                                     reinterpret_cast<const unsigned char*>(salt.data()),
                                     static_cast<int>(salt.size()), iterations, EVP_sha256(),
                                     static_cast<int>(result.size()), result.data());
    if (ok != 1) {
        throw_openssl_error("PBKDF2-HMAC-SHA-256");
    }
    return result;
}

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view message) {
    Digest result{};
    std::size_t length = 0;
    const unsigned char* mac =
        EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                  reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                  result.data(), result.size(), &length);
    if (mac == nullptr || length != result.size()) {
        throw_openssl_error("HMAC-SHA-256");
    }
    return result;
}

Digest sha256(std::span<const unsigned char> bytes) {
    Digest result{};
    std::size_t length = 0;
    if (EVP_Q_digest(nullptr, "SHA256", nullptr, bytes.data(), bytes.size(), result.data(),
                     &length) != 1 ||
        length != result.size()) {
        throw_openssl_error("SHA-256");
    }
    return result;
}

bool equal_constant_time(std::span<const unsigned char> left, std::span<const unsigned char> right) {
    if (left.size() != right.size()) {
        return false;
    }
    return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

void wipe(std::span<unsigned char> bytes) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
}

void wipe(std::string& text) {
    OPENSSL_cleanse(text.data(), text.size());
    text.clear();
}

}  // namespace wiredump::protocol::scram
