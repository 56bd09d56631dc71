#pragma once

#include "catalog/query_runner.hpp"
#include "ddl/plan_context.hpp"
#include "dumpfmt/toc_entry.hpp"
#include "protocol/diagnostics.hpp"

#include <system_error>
#include <vector>

namespace wiredump::ddl {

// Appends the entries every archive starts with: ENCODING, STDSTRINGS,
// SEARCHPATH, then DATABASE, the database's COMMENT and DATABASE PROPERTIES,
// numbered from first_dump_id on. Reads current_schemas(false) for SEARCHPATH.
std::error_code add_special_entries(catalog::QueryRunner& runner, const PlanContext& context,
                                    int first_dump_id, std::vector<dumpfmt::TocEntry>& entries,
                                    protocol::Diagnostics& diagnostics);

// The DATABASE entry's CREATE DATABASE statement as pg_dump 15 writes it.
std::string create_database_sql(const PlanContext& context);

// The DATABASE PROPERTIES entry's statements: CONNECTION LIMIT, IS_TEMPLATE
// and the database's and its roles' settings. Empty when all are defaults.
std::string database_properties_sql(const PlanContext& context);

// "ALTER <target> SET name TO value;" for one stored "name=value" setting,
// quoting each element of a list setting such as search_path separately.
std::string alter_setting_sql(const PlanContext& context, const std::string& target,
                              const std::string& setting);

// The SEARCHPATH entry's statement for a list of schema names.
std::string search_path_sql(const PlanContext& context, const std::vector<std::string>& schemas);

}  // namespace wiredump::ddl
