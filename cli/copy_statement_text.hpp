#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredump::cli {

// The parts of a TOC entry's "COPY s.t (a, b) FROM stdin;\n".
struct CopyTarget {
    std::string table;    // the quoted, qualified name as the statement spells it
    std::string columns;  // the column list without parentheses, "" for a table without columns
};

// Splits a TOC entry's COPY ... FROM stdin statement, or returns nothing when
// the text has another form.
std::optional<CopyTarget> parse_copy_from_statement(std::string_view statement);

// "COPY (SELECT a, b FROM s.t WHERE x) TO stdout;": the query through which
// pg_dump reads the rows of an extension configuration table whose
// extension registered the condition "WHERE x".
std::string filtered_copy_to_statement(const CopyTarget& target, std::string_view condition);

}  // namespace wiredump::cli
