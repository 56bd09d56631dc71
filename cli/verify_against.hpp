#pragma once

#include "cli/app.hpp"
#include "dumpfmt/archive_check.hpp"
#include "dumpfmt/manifest.hpp"

#include <string>
#include <system_error>
#include <vector>

namespace wiredump::cli {

// The result of "verify --against": a line per table or large object
// compared, and a problem per one that differs or that only one side has.
struct DatabaseComparison {
    std::vector<std::string> notes;
    std::vector<dumpfmt::ArchiveProblem> problems;
};

// Compares the tables of a manifest with a database. `conninfo` is a
// database name, a "keyword=value" string or a URI, merged with the PG*
// environment as for "wiredump dump". The comparison runs in one REPEATABLE
// READ, READ ONLY transaction with the dump's session settings. For each
// table it runs the COPY that the table's TOC entry describes, through the
// registered condition for an extension configuration table, and hashes the
// output as the dump did. Partitions loaded through their partition root are
// compared by their total row count per root. Large objects are read and
// hashed as the dump read them. Returns an
// error only when the comparison could not run at all (connection or catalog
// query failed); differences go into `comparison`.
std::error_code compare_with_database(const std::string& conninfo, const dumpfmt::ArchiveHead& head,
                                      const dumpfmt::Manifest& manifest, CliContext& context,
                                      DatabaseComparison& comparison, protocol::Diagnostics& diagnostics);

// Turns a TOC entry's "COPY s.t (a, b) FROM stdin;" into the matching
// "COPY s.t (a, b) TO stdout;", or returns "" when the text has another form.
std::string copy_to_statement(std::string_view copy_from_statement);

}  // namespace wiredump::cli
