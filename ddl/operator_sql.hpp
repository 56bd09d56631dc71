#pragma once

// CREATE OPERATOR text as pg_dump 15's dumpOpr writes it, kept apart from the
// catalog read so that unit tests can call it on hand-built records.

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace wiredump::ddl {

struct PlanContext;

// One pg_operator row that has a function. Shell operators have none and are
// not dumped. Types are regtype text and functions regprocedure text under an
// empty search_path, and "-" in either means none.
struct OperatorRecord {
    catalog::CatalogId id;
    std::string name;                          // oprname, never quoted
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    char kind = 'b';                           // oprkind: b infix, l prefix
    std::string function;                      // oprcode
    std::string left_type;
    std::string right_type;
    std::optional<std::string> commutator;     // "OPERATOR(schema.name)"
    std::optional<std::string> negator;        // "OPERATOR(schema.name)"
    bool merges = false;
    bool hashes = false;
    std::string restrict_function = "-";       // oprrest
    std::string join_function = "-";           // oprjoin
    // The schema and pg_type name of the left, then of the right argument type, "" for none.
    std::vector<std::string> argument_sort_names;
    bool dumped = false;
};

// "name (left, right)" with NONE for a missing argument: the signature of
// DROP, ALTER and COMMENT, without the schema.
std::string operator_signature(const OperatorRecord& record);

// "CREATE OPERATOR s.name (\n    FUNCTION = ...\n);\n".
std::string create_operator_sql(const PlanContext& context, const OperatorRecord& record);

// "DROP OPERATOR s.name (left, right);\n".
std::string drop_operator_sql(const PlanContext& context, const OperatorRecord& record);

// A regprocedure text without its argument list, as pg_dump's
// convertRegProcReference cuts it: "s.f(integer)" becomes "s.f". Returns
// unset for "-".
std::optional<std::string> strip_procedure_arguments(const std::string& procedure);

}  // namespace wiredump::ddl
