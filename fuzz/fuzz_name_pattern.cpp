// libFuzzer target for the pg_dump name pattern converter. Besides not
// crashing, every result must keep the shape the catalog queries rely on:
// at most the requested number of parts, each anchored as "^(...)$", and no
// fewer dots counted than parts were split.
#include "catalog/name_pattern.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view pattern(reinterpret_cast<const char*>(data), size);

    for (int max_parts = 1; max_parts <= 3; ++max_parts) {
        const auto parts = wiredump::catalog::split_name_pattern(pattern, max_parts);
        const auto count = static_cast<int>(parts.regexes.size());
        if (count < 1 || count > max_parts || parts.dot_count < count - 1) std::abort();
        for (const auto& regex : parts.regexes) {
            if (!regex.starts_with("^(") || !regex.ends_with(")$")) std::abort();
        }
        (void)wiredump::catalog::name_pattern_conditions(parts, "c.relname", "n.nspname",
                                                         "pg_catalog.pg_table_is_visible(c.oid)", true);
    }
    return 0;
}
