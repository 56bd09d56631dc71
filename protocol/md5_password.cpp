#include "protocol/scram_client.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace wiredump::protocol {
namespace {

// MD5 is broken as a hash, but the AuthenticationMD5Password exchange
// requires it.
std::string md5_hex(std::string_view text) {
    unsigned char digest[16];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr) != 1 ||
        length != sizeof digest) {
        throw std::runtime_error(
            "OpenSSL failed to compute MD5 for the md5 password response; the OpenSSL "
            "configuration may disable MD5 (FIPS mode), so switch the role to SCRAM-SHA-256");
    }

    static constexpr char hex_digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * sizeof digest);
    for (const unsigned char byte : digest) {
        hex.push_back(hex_digits[byte >> 4]);
        hex.push_back(hex_digits[byte & 0x0F]);
    }
    return hex;
}

}  // namespace

std::string md5_password_response(std::string_view user, std::string_view password,
                                  const unsigned char salt[4]) {
    std::string password_and_user;
    password_and_user.reserve(password.size() + user.size());
    password_and_user.append(password).append(user);
    std::string inner = md5_hex(password_and_user);
    OPENSSL_cleanse(password_and_user.data(), password_and_user.size());

    inner.append(reinterpret_cast<const char*>(salt), 4);
    std::string response = "md5" + md5_hex(inner);
    OPENSSL_cleanse(inner.data(), inner.size());
    return response;
}

}  // namespace wiredump::protocol
