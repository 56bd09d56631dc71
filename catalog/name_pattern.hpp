#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wiredump::catalog {

// A pg_dump name pattern (-n, -t, -e ...) turned into the regular expressions
// that its server-side match uses, by the rules of PostgreSQL 15's
// patternToSQLRegex (src/fe_utils/string_utils.c):
// - outside double quotes, letters are folded to lower case, `*` becomes
//   `.*`, `?` becomes `.`, and `.` separates the parts of a qualified name;
// - inside double quotes every character is literal, regular expression
//   specials are escaped, and `""` stands for one double quote;
// - outside quotes other regular expression characters keep their meaning,
//   except `$` and `[]`, which are always literal.
// Each part is anchored as "^(...)$".
struct NamePatternParts {
    // One regular expression per part, at most max_parts of them. Dots
    // beyond that stay in the last part as "." and are still counted.
    std::vector<std::string> regexes;
    // The first part as literal text (quotes removed, case folded,
    // wildcards kept), which pg_dump compares with the database's name.
    std::string first_part_literal;
    // Every unquoted dot, including those kept in the last part.
    int dot_count = 0;
};

NamePatternParts split_name_pattern(std::string_view pattern, int max_parts);

// The WHERE conditions that match a pattern as pg_dump matches it: `name_column`
// against the last part, `schema_column` (when not empty) against the part
// before it. A part that is only `*` adds no condition. Without a schema part,
// `visibility_rule` (when not empty) is added instead. Returns the conditions
// joined with AND, or "" when there is none.
std::string name_pattern_conditions(const NamePatternParts& parts, std::string_view name_column,
                                    std::string_view schema_column,
                                    std::string_view visibility_rule,
                                    bool standard_conforming_strings);

}  // namespace wiredump::catalog
