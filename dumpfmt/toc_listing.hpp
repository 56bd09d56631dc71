#pragma once

#include "dumpfmt/archive_reader.hpp"

#include <string>

namespace wiredump::dumpfmt {

// Returns true when pg_restore -l lists the entry. With no selection options,
// pg_restore 15 leaves out ENCODING, STDSTRINGS and SEARCHPATH, the obsolete
// "<Init> Max OID" entry, the database entries that only -C restores, and
// every entry that has neither a definition nor data. SEQUENCE SET and large
// object entries without a dumper count as data.
bool is_listed_in_toc_summary(const TocEntry& entry);

// Formats the TOC summary byte for byte as "pg_restore -l" of PostgreSQL 15
// prints it: the commented header block, then one line per listed entry,
// "dumpId; tableoid oid DESC namespace tag owner". The creation time is
// printed in the process's local time zone, as pg_restore does.
// NOTE: pg_restore 15 cannot read archives of version 1.15 and later, so for
// those the compression line shows the algorithm name as pg_restore 16 does.
std::string format_toc_summary(const ArchiveHead& head);

}  // namespace wiredump::dumpfmt
