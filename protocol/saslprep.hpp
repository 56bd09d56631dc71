#pragma once

#include <string>
#include <string_view>

namespace wiredump::protocol {

// Outcome of SASLprep (RFC 4013) on one string.
enum class SaslprepResult {
    success,
    invalid_utf8,           // the input is not valid UTF-8
    empty_after_mapping,    // only characters that map to nothing
    prohibited_character,   // a character of RFC 3454 tables C.1.2 to C.9
    unassigned_code_point,  // a code point unassigned in Unicode 3.2 (RFC 3454 table A.1)
    invalid_bidi,           // right-to-left text that breaks RFC 3454 section 6
};

// Prepares `input` with SASLprep and stores the result in `output`, which is
// left unchanged on failure. Pure ASCII input is copied as it is, control
// characters included, without calling the Unicode library, as PostgreSQL does.
//
// The checks run on the mapped string before NFKC normalization, in the order
// of PostgreSQL's own SASLprep (src/common/saslprep.c, PostgreSQL 15). RFC 3454
// checks after normalization, and the two orders differ for a few characters
// such as U+0340. The server computed the stored SCRAM secret the PostgreSQL
// way, so the client must follow it to log in.
SaslprepResult saslprep(std::string_view input, std::string& output);

// Returns the password bytes that SCRAM hashes: the SASLprep output, or the
// raw bytes where SASLprep fails, as libpq does, because PostgreSQL passwords
// need not be valid UTF-8.
std::string prepare_scram_password(std::string_view password);

}  // namespace wiredump::protocol
