#pragma once

#include "pipeline/dump_options.hpp"
#include "protocol/diagnostics.hpp"

#include <system_error>

namespace wiredump::pipeline {

// Runs a whole dump: connects, takes the snapshot, reads the catalog, streams
// every table's COPY data into the archive and finishes the file. On failure
// nothing is left under options.output_path.
std::error_code run_dump(const DumpOptions& options, const LogSink& log,
                         protocol::Diagnostics& diagnostics);

}  // namespace wiredump::pipeline
