#pragma once

#include "catalog/function_records.hpp"
#include "ddl/plan_context.hpp"

#include <string>
#include <string_view>

namespace wiredump::ddl {

// Wraps `text` in dollar quotes whose tag does not occur in it: "$$" when
// possible, else "$_$", "$_X$", ... as pg_dump's appendStringLiteralDQ picks them.
std::string dollar_quote(std::string_view text);

// Returns "FUNCTION" or "PROCEDURE".
std::string function_keyword(const catalog::FunctionRecord& function);

// Builds name(identity arguments) with the name quoted: "add(a integer, b integer)".
// ALTER, DROP, COMMENT and GRANT statements name the function this way.
std::string function_signature(const PlanContext& context,
                               const catalog::FunctionRecord& function);

// Builds the TOC tag from the unquoted name and the argument types, "add(integer, integer)".
std::string function_tag(const catalog::FunctionRecord& function);

// Builds the CREATE FUNCTION or CREATE PROCEDURE statement as pg_dump 15's dumpFunc writes it.
std::string create_function_sql(const PlanContext& context,
                                const catalog::FunctionRecord& function);

}  // namespace wiredump::ddl
