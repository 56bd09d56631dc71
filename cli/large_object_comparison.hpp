#pragma once

#include "cli/verify_against.hpp"
#include "pipeline/dump_session.hpp"

namespace wiredump::cli {

// Compares the large objects of a manifest with those of the database that
// `session` is connected to, inside its open transaction. Each large object
// is read in the dump's pieces and hashed whole. Adds a note per match and a
// problem per difference, and for each large object that only one side has.
void compare_large_objects(pipeline::DumpSession& session, const dumpfmt::Manifest& manifest,
                           DatabaseComparison& comparison);

}  // namespace wiredump::cli
