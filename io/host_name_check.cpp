#include "io/host_name_check.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace wiredump::io {
namespace {

bool equal_ignoring_case(std::string_view left, std::string_view right) {
    return left.size() == right.size() &&
           std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

std::string format_address(const std::vector<std::uint8_t>& bytes) {
    char text[INET6_ADDRSTRLEN] = {};
    const int family = bytes.size() == 4 ? AF_INET : AF_INET6;
    if (inet_ntop(family, bytes.data(), text, sizeof text) == nullptr) return "(invalid address)";
    return text;
}

std::string list_names(const CertificateNames& names) {
    std::string list;
    const auto add = [&list](const std::string& entry) { list += (list.empty() ? "" : ", ") + entry; };
    for (const auto& name : names.dns_names) add("\"" + name + "\"");
    for (const auto& address : names.ip_addresses) add(format_address(address));
    if (names.common_name) add("CN \"" + *names.common_name + "\"");
    return list;
}

}  // namespace

bool certificate_name_matches(std::string_view name, std::string_view host) {
    if (equal_ignoring_case(name, host)) return true;

    // A wildcard is "*." followed by at least one character, and stands for
    // the whole first label of host, which must not be empty.
    if (name.size() < 3 || name[0] != '*' || name[1] != '.') return false;
    if (name.size() > host.size()) return false;

    const std::string_view suffix = name.substr(1);
    const std::size_t label_end = host.size() - suffix.size();
    if (!equal_ignoring_case(host.substr(label_end), suffix)) return false;
    return host.find('.') >= label_end;
}

std::optional<std::vector<std::uint8_t>> parse_ip_literal(std::string_view host) {
    const std::string text(host);
    in_addr v4{};
    if (inet_aton(text.c_str(), &v4) != 0) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
        return std::vector<std::uint8_t>(bytes, bytes + 4);
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        return std::vector<std::uint8_t>(v6.s6_addr, v6.s6_addr + 16);
    }
    return std::nullopt;
}

bool certificate_matches_host(const CertificateNames& names, std::string_view host, std::string& message) {
    const auto contains_nul = [](const std::string& name) { return name.find('\0') != std::string::npos; };
    const bool any_nul = std::any_of(names.dns_names.begin(), names.dns_names.end(), contains_nul) ||
                         (names.common_name && contains_nul(*names.common_name));
    if (any_nul) {
        message = "the server certificate contains a name with an embedded NUL byte, which could disguise the "
                  "name it was issued for; the certificate was rejected";
        return false;
    }

    const std::optional<std::vector<std::uint8_t>> host_address = parse_ip_literal(host);
    for (const auto& name : names.dns_names) {
        if (certificate_name_matches(name, host)) return true;
    }
    if (host_address) {
        for (const auto& address : names.ip_addresses) {
            if (address == *host_address) return true;
        }
    }

    const bool has_san_of_host_kind = host_address ? !names.ip_addresses.empty() : !names.dns_names.empty();
    if (!has_san_of_host_kind && names.common_name && certificate_name_matches(*names.common_name, host)) {
        return true;
    }

    const std::string list = list_names(names);
    if (list.empty()) {
        message = "the server certificate carries no host name (no subjectAltName and no CN), so it cannot be "
                  "checked against host \"" + std::string(host) + "\" (sslmode=verify-full)";
    } else {
        message = "the server certificate is for " + list + ", which does not match host name \"" +
                  std::string(host) + "\" (sslmode=verify-full); connect with a name the certificate holds, "
                  "or issue the certificate with this name in its subjectAltName";
    }
    if (has_san_of_host_kind && names.common_name) {
        message += "; the CN was not used because the certificate has subjectAltName entries of the host's kind";
    }
    return false;
}

}  // namespace wiredump::io
