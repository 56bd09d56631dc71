#include "protocol/saslprep.hpp"

#include <stringprep.h>
#include <idn-free.h>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <vector>

#include <sys/types.h>

namespace wiredump::protocol {
namespace {

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Decodes UTF-8, rejecting overlong forms, surrogates and code points above
// U+10FFFF. The result has capacity for `spare` more code points, so that
// growing it does not reallocate and leave an unwiped copy behind.
std::optional<std::vector<std::uint32_t>> decode_utf8(std::string_view text, std::size_t spare) {
    std::vector<std::uint32_t> code_points;
    code_points.reserve(text.size() + spare);
    const auto reject = [&code_points] {
        OPENSSL_cleanse(code_points.data(), code_points.size() * sizeof(std::uint32_t));
        return std::nullopt;
    };

    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        unsigned char second_min = 0x80;
        unsigned char second_max = 0xBF;

        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code_point = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code_point = lead & 0x0F;
            if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
            if (lead == 0xED) second_max = 0x9F;  // surrogates U+D800..U+DFFF
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code_point = lead & 0x07;
            if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
            if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
        } else {
            return reject();
        }

        if (text.size() - i < length) {
            return reject();
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto byte = static_cast<unsigned char>(text[i + k]);
            const unsigned char min = k == 1 ? second_min : 0x80;
            const unsigned char max = k == 1 ? second_max : 0xBF;
            if (byte < min || byte > max) {
                return reject();
            }
            code_point = (code_point << 6) | (byte & 0x3F);
        }

        code_points.push_back(code_point);
        i += length;
    }
    return code_points;
}

void append_utf8(std::uint32_t code_point, std::string& out) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

// libidn's SASLprep profile without its NFKC step, so that one stringprep_4i
// call maps, then checks the mapped string, and normalization runs after.
const std::vector<Stringprep_profile>& mapping_and_check_steps() {
    static const std::vector<Stringprep_profile> steps = [] {
        std::vector<Stringprep_profile> result;
        for (const Stringprep_profile* step = stringprep_saslprep; step->operation != 0; ++step) {
            if (step->operation != STRINGPREP_NFKC) {
                result.push_back(*step);
            }
        }
        result.push_back(Stringprep_profile{});  // libidn stops at operation 0
        return result;
    }();
    return steps;
}

SaslprepResult to_result(int libidn_code) {
    switch (libidn_code) {
    case STRINGPREP_OK:
        return SaslprepResult::success;
    case STRINGPREP_CONTAINS_UNASSIGNED:
        return SaslprepResult::unassigned_code_point;
    case STRINGPREP_CONTAINS_PROHIBITED:
        return SaslprepResult::prohibited_character;
    case STRINGPREP_BIDI_BOTH_L_AND_RAL:
    case STRINGPREP_BIDI_LEADTRAIL_NOT_RAL:
    case STRINGPREP_BIDI_CONTAINS_PROHIBITED:
        return SaslprepResult::invalid_bidi;
    case STRINGPREP_MALLOC_ERROR:
        throw std::bad_alloc();
    default:
        // The steps are libidn's own, so flag and profile errors mean a
        // broken libidn build.
        throw std::logic_error(std::string("libidn stringprep_4i failed with the SASLprep steps: ") +
                               stringprep_strerror(static_cast<Stringprep_rc>(libidn_code)) +
                               "; reinstall libidn or rebuild wiredump against it");
    }
}

// Five CJK compatibility ideographs whose canonical decomposition changed
// after Unicode 3.2. libidn normalizes with the 3.2 data, while PostgreSQL 15
// and Python's unicodedata (Unicode 14) use the later one. A comparison of
// the StoredKey PostgreSQL 15 computed for every BMP code point and parts of
// planes 1, 2, 14, 15 and 16 found these five and no other difference.
struct CorrectedDecomposition {
    std::uint32_t code_point;
    std::uint32_t decomposition;
};
constexpr CorrectedDecomposition corrected_decompositions[] = {
    {0x2F868, 0x36FC}, {0x2F874, 0x5F53}, {0x2F91F, 0x243AB}, {0x2F95F, 0x7AEE}, {0x2F9BF, 0x45D7},
};

// Replaces each of those ideographs by its current decomposition. Each is a
// singleton decomposition to a character without one, so NFKC of the result
// equals NFKC of the original under the current Unicode data.
void apply_corrected_decompositions(std::uint32_t* code_points, std::size_t length) {
    for (std::size_t i = 0; i < length; ++i) {
        for (const auto& correction : corrected_decompositions) {
            if (code_points[i] == correction.code_point) {
                code_points[i] = correction.decomposition;
            }
        }
    }
}

struct IdnFree {
    void operator()(void* pointer) const { idn_free(pointer); }
};

}  // namespace

SaslprepResult saslprep(std::string_view input, std::string& output) {
    if (is_ascii(input)) {
        output.assign(input);
        return SaslprepResult::success;
    }

    auto code_points = decode_utf8(input, STRINGPREP_MAX_MAP_CHARS);
    if (!code_points) {
        return SaslprepResult::invalid_utf8;
    }
    const auto wipe_code_points = [&code_points] {
        OPENSSL_cleanse(code_points->data(), code_points->size() * sizeof(std::uint32_t));
    };

    // SASLprep mapping only removes characters or replaces one by a space, so
    // the string never grows. libidn still rejects a mapping unless the
    // buffer has room for its longest replacement, hence the spare room.
    std::size_t length = code_points->size();
    code_points->resize(length + STRINGPREP_MAX_MAP_CHARS);
    const int check = stringprep_4i(code_points->data(), &length, code_points->size(),
                                    STRINGPREP_NO_UNASSIGNED, mapping_and_check_steps().data());
    if (check == STRINGPREP_OK && length == 0) {
        wipe_code_points();
        return SaslprepResult::empty_after_mapping;
    }
    if (check != STRINGPREP_OK) {
        wipe_code_points();
        return to_result(check);
    }

    // NOTE: libidn normalizes with Unicode 3.2 data and PostgreSQL 15 with
    // newer tables of its own. Code points unassigned in 3.2 were rejected
    // above, and the known later corrections are applied here. Sequences of
    // several characters were compared with PostgreSQL only as "a" followed
    // by one code point.
    apply_corrected_decompositions(code_points->data(), length);
    const std::unique_ptr<std::uint32_t, IdnFree> normalized(
        stringprep_ucs4_nfkc_normalize(code_points->data(), static_cast<ssize_t>(length)));
    wipe_code_points();
    if (!normalized) {
        throw std::bad_alloc();
    }

    // The output never contains U+0000, because table C.2.1 prohibits it, so
    // the zero terminator that libidn appends marks the end. Reserving the
    // maximum size first keeps reallocation from leaving password copies behind.
    std::size_t normalized_length = 0;
    while (normalized.get()[normalized_length] != 0) {
        ++normalized_length;
    }
    std::string prepared;
    prepared.reserve(normalized_length * 4);
    for (std::size_t i = 0; i < normalized_length; ++i) {
        append_utf8(normalized.get()[i], prepared);
    }
    OPENSSL_cleanse(normalized.get(), normalized_length * sizeof(std::uint32_t));

    output = std::move(prepared);
    return SaslprepResult::success;
}

std::string prepare_scram_password(std::string_view password) {
    std::string prepared;
    if (saslprep(password, prepared) != SaslprepResult::success) {
        prepared.assign(password);
    }
    return prepared;
}

}  // namespace wiredump::protocol
