#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wiredump::io {

// The names a server certificate carries, taken out of the X.509 structure
// so that the matching rules can be tested on plain values.
struct CertificateNames {
    std::vector<std::string> dns_names;                 // subjectAltName dNSName entries
    std::vector<std::vector<std::uint8_t>> ip_addresses;  // subjectAltName iPAddress entries, 4 or 16 bytes
    std::optional<std::string> common_name;             // the subject's CN
};

// Checks host against the certificate as libpq's sslmode=verify-full does
// (PostgreSQL 14 and later):
//  - dNSName entries and the CN match case-insensitively; "*.example.com"
//    matches exactly one leftmost label, so not "example.com" and not
//    "a.b.example.com";
//  - an IP literal host (IPv4 in inet_aton form, or IPv6) also matches an
//    iPAddress entry with the same bytes;
//  - the CN counts only when the certificate has no subjectAltName entry of
//    the host's kind (dNSName for a name, iPAddress for an IP literal);
//  - a name containing a NUL byte is an error, because it could hide a
//    different name from a C string comparison.
// Returns true on a match. Otherwise stores a message that names the host
// and the names the certificate carries.
bool certificate_matches_host(const CertificateNames& names, std::string_view host, std::string& message);

// True when name matches host under the rules above: equal ignoring case, or
// a "*." wildcard that covers exactly host's first label.
bool certificate_name_matches(std::string_view name, std::string_view host);

// Returns the 4 or 16 address bytes when host is an IP literal, the way
// libpq parses it: inet_aton for IPv4 (so "127.1" counts) and inet_pton for
// IPv6.
std::optional<std::vector<std::uint8_t>> parse_ip_literal(std::string_view host);

}  // namespace wiredump::io
