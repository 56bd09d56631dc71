#include "ddl/operator_sql.hpp"

#include "ddl/plan_context.hpp"

namespace wiredump::ddl {

std::optional<std::string> strip_procedure_arguments(const std::string& procedure) {
    if (procedure == "-" || procedure.empty()) return std::nullopt;

    // The last "(" outside double quotes starts the argument list, because a
    // quoted function name may itself contain parentheses.
    std::size_t paren = std::string::npos;
    bool in_quotes = false;
    for (std::size_t i = 0; i < procedure.size(); ++i) {
        if (procedure[i] == '"') in_quotes = !in_quotes;
        else if (procedure[i] == '(' && !in_quotes) paren = i;
    }
    return procedure.substr(0, paren);
}

std::string operator_signature(const OperatorRecord& record) {
    const bool has_left = record.kind == 'b';
    const bool has_right = record.kind == 'b' || record.kind == 'l';
    return record.name + " (" + (has_left ? record.left_type : "NONE") + ", " +
           (has_right ? record.right_type : "NONE") + ")";
}

std::string create_operator_sql(const PlanContext& context, const OperatorRecord& record) {
    std::string sql = "CREATE OPERATOR " + context.quote(context.namespace_name(record.namespace_oid)) +
                      "." + record.name + " (\n";
    sql += "    FUNCTION = " + strip_procedure_arguments(record.function).value_or("");
    if (record.kind == 'b') sql += ",\n    LEFTARG = " + record.left_type;
    if (record.kind == 'b' || record.kind == 'l') sql += ",\n    RIGHTARG = " + record.right_type;
    if (record.commutator) sql += ",\n    COMMUTATOR = " + *record.commutator;
    if (record.negator) sql += ",\n    NEGATOR = " + *record.negator;
    if (record.merges) sql += ",\n    MERGES";
    if (record.hashes) sql += ",\n    HASHES";
    if (auto restrict = strip_procedure_arguments(record.restrict_function)) {
        sql += ",\n    RESTRICT = " + *restrict;
    }
    if (auto join = strip_procedure_arguments(record.join_function)) {
        sql += ",\n    JOIN = " + *join;
    }
    sql += "\n);\n";
    return sql;
}

std::string drop_operator_sql(const PlanContext& context, const OperatorRecord& record) {
    return "DROP OPERATOR " + context.quote(context.namespace_name(record.namespace_oid)) + "." +
           operator_signature(record) + ";\n";
}

}  // namespace wiredump::ddl
